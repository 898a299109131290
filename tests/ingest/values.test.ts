import { describe, expect, it } from 'vitest';
import {
  cleanText, convertMinor, normalizeCountry, normalizeEmail, normalizePhone, parseDate, toInteger, toMinorUnits,
} from '../../src/ingest/values.ts';

describe('value normalizers', () => {
  it('folds full-width characters and odd spaces', () => {
    expect(cleanText('　ＬＵＭＩＮＡ　精华液  ３０ｍｌ ')).toBe('LUMINA 精华液 30ml');
  });

  it('cleans emails people mistype and refuses ones that are not emails', () => {
    expect(normalizeEmail(' Wang.Fang＠Example.COM ')).toEqual({ ok: true, value: 'wang.fang@example.com' });
    expect(normalizeEmail('wang fang@example.com')).toEqual({ ok: true, value: 'wangfang@example.com' });
    expect(normalizeEmail('wang.fang.example.com')).toEqual({ ok: false, reason: 'invalid_email' });
  });

  it('writes phones as E.164 with the platform region as default', () => {
    expect(normalizePhone('138 1234 5678', 'CN')).toEqual({ ok: true, value: '+8613812345678' });
    expect(normalizePhone('+86-138-1234-5678', undefined)).toEqual({ ok: true, value: '+8613812345678' });
    expect(normalizePhone('１３８１２３４５６７８', 'CN')).toEqual({ ok: true, value: '+8613812345678' });
    expect(normalizePhone('1381234', 'CN')).toEqual({ ok: false, reason: 'invalid_phone' });
    expect(normalizePhone('call me', 'CN')).toEqual({ ok: false, reason: 'invalid_phone' });
  });

  it('turns prices into exact minor units', () => {
    expect(toMinorUnits('2.55', 'GBP')).toEqual({ ok: true, value: 255 });
    expect(toMinorUnits('18.0', 'GBP')).toEqual({ ok: true, value: 1800 });
    expect(toMinorUnits('¥1,299.995', 'CNY')).toEqual({ ok: true, value: 130000 });
    expect(toMinorUnits('-11062.06', 'GBP')).toEqual({ ok: true, value: -1106206 });
    expect(toMinorUnits('1500', 'JPY')).toEqual({ ok: true, value: 1500 });
    expect(toMinorUnits('free', 'CNY')).toEqual({ ok: false, reason: 'invalid_number' });
  });

  it('reads integers written as spreadsheet floats', () => {
    expect(toInteger('17850.0')).toEqual({ ok: true, value: 17850 });
    expect(toInteger('6.5')).toEqual({ ok: false, reason: 'invalid_integer' });
  });

  it('reads local times in the source time zone, across daylight saving', () => {
    expect(parseDate('2010-12-01 08:26:00', 'iso', 'Europe/London')).toEqual({ ok: true, value: new Date('2010-12-01T08:26:00Z') });
    expect(parseDate('2011-07-01 08:26:00', 'iso', 'Europe/London')).toEqual({ ok: true, value: new Date('2011-07-01T07:26:00Z') });
    expect(parseDate('2025-11-11 20:15:03', 'iso', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2025-11-11T12:15:03Z') });
    expect(parseDate('2025-11-11T20:15:03+08:00', 'iso', 'UTC')).toEqual({ ok: true, value: new Date('2025-11-11T12:15:03Z') });
    expect(parseDate('11/12/2025 09:30', 'dmy', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2025-12-11T01:30:00Z') });
    expect(parseDate('19081209', 'yyyymmdd', 'UTC')).toEqual({ ok: true, value: new Date('1908-12-09T00:00:00Z') });
    expect(parseDate('2025-02-31', 'iso', 'UTC')).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it('knows countries by name, alias and code', () => {
    expect(normalizeCountry('United Kingdom')).toEqual({ ok: true, value: 'GB' });
    expect(normalizeCountry('EIRE')).toEqual({ ok: true, value: 'IE' });
    expect(normalizeCountry('cn')).toEqual({ ok: true, value: 'CN' });
    expect(normalizeCountry('Unspecified')).toEqual({ ok: false, reason: 'unknown_country' });
  });

  it('converts to the base currency through the rates table', () => {
    expect(convertMinor(1000, 'USD', 'CNY')).toEqual({ ok: true, value: 7200 });
    expect(convertMinor(7200, 'CNY', 'USD')).toEqual({ ok: true, value: 1000 });
    expect(convertMinor(100, 'XYZ', 'CNY')).toEqual({ ok: false, reason: 'unknown_currency' });
  });
});
