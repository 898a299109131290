import { describe, expect, it } from 'vitest';
import {
  cleanText, convertMinor, normalizeCountry, normalizeEmail, normalizePhone, parseDate, toInteger, toMinorUnits, zonedToUtc,
} from '../../src/ingest/values.ts';

describe('value normalizers', () => {
  it('turns wall-clock times into instants across daylight-saving changes', () => {
    const utc = (y: number, mo: number, d: number, h: number, mi: number, zone: string) => zonedToUtc(y, mo, d, h, mi, 0, zone).toISOString();
    // New York springs forward at 02:00 on 2025-03-09 and falls back at 02:00 on 2025-11-02.
    expect(utc(2025, 3, 9, 1, 59, 'America/New_York')).toBe('2025-03-09T06:59:00.000Z');
    expect(utc(2025, 3, 9, 3, 30, 'America/New_York')).toBe('2025-03-09T07:30:00.000Z');
    expect(utc(2025, 11, 2, 0, 30, 'America/New_York')).toBe('2025-11-02T04:30:00.000Z');
    expect(utc(2025, 11, 2, 2, 30, 'America/New_York')).toBe('2025-11-02T07:30:00.000Z');
    expect(utc(2025, 6, 1, 12, 0, 'Asia/Kathmandu')).toBe('2025-06-01T06:15:00.000Z');
  });

  it('gives back the same wall-clock time for every minute of days when clocks change', () => {
    const days: [string, number, number, number][] = [
      ['America/New_York', 2025, 3, 9], ['America/New_York', 2025, 11, 2], ['Australia/Sydney', 2025, 10, 5], ['Australia/Sydney', 2025, 4, 6], ['Asia/Kathmandu', 2025, 6, 1],
      // Adelaide is UTC+9:30, so its clocks change in the middle of a UTC hour.
      ['Australia/Adelaide', 2025, 10, 5], ['Australia/Adelaide', 2025, 4, 6],
    ];
    for (const [zone, y, mo, d] of days) {
      const wall = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      const wrong: string[] = [];
      for (let minute = 0; minute < 24 * 60; minute++) {
        const [h, mi] = [Math.floor(minute / 60), minute % 60];
        const asked = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}, ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
        const back = wall.format(zonedToUtc(y, mo, d, h, mi, 0, zone));
        // Only the hour skipped when clocks spring forward has no wall-clock time to give back.
        if (back !== asked && h !== 2) wrong.push(`${zone} ${asked} → ${back}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('folds full-width characters and odd spaces', () => {
    expect(cleanText('　ＬＵＭＩＮＡ　精华液  ３０ｍｌ ')).toBe('LUMINA 精华液 30ml');
  });

  it('cleans plain ASCII the same as any text: spaces collapsed and trimmed, tabs and breaks made spaces', () => {
    const cases: [string, string][] = [
      ['Leather Watch Strap 20mm', 'Leather Watch Strap 20mm'],
      [' lead and trail ', 'lead and trail'],
      ['double  space', 'double space'],
      ['tab\there\nand\r\nbreaks', 'tab here and breaks'],
      ['zero\u200bwidth', 'zero width'],
      ['', ''],
    ];
    expect(cases.map(([raw]) => cleanText(raw))).toEqual(cases.map(([, clean]) => clean));
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
