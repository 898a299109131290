/**
 * How the platforms write values: local and offset timestamps, day-first dates, money, phone
 * numbers, CSV lines. Pure functions of their input (and of the Random passed in, for the
 * formats a platform mixes); they never decide whether a value is dirty.
 */
import type { Random } from '../random.ts';

const HOUR_MS = 3_600_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of a moment at a fixed UTC offset. */
function wallClock(at: number, offsetHours: number): Parts {
  const d = new Date(at + offsetHours * HOUR_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const ymd = (p: Pick<Parts, 'year' | 'month' | 'day'>) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
const dmy = (p: Pick<Parts, 'year' | 'month' | 'day'>) => `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;

/** Asia/Shanghai has kept UTC+8 all year since 1991. */
export const SHANGHAI_OFFSET = 8;

/** `2025-11-11 20:15:03`, wall clock at the offset, no offset written. */
export function localDateTime(at: number, offsetHours: number): string {
  const p = wallClock(at, offsetHours);
  return `${ymd(p)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `11/11/2025 20:15`, day first, to the minute, wall clock at the offset. */
export function dayFirstDateTime(at: number, offsetHours: number): string {
  const p = wallClock(at, offsetHours);
  return `${dmy(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** `2025-11-11T20:15:03+08:00`: ISO 8601 with the offset written. */
export function isoWithOffset(at: number, offsetHours: number): string {
  const p = wallClock(at, offsetHours);
  const sign = offsetHours < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.abs(offsetHours))}:00`;
  return `${ymd(p)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offset}`;
}

/** `2025-11-11T12:15:03Z` */
export function isoUtc(at: number): string {
  return isoWithOffset(at, 0).replace('+00:00', 'Z');
}

/** Seconds since 1970. */
export function unixSeconds(at: number): number {
  return Math.floor(at / 1000);
}

export function isoDate(d: { year: number; month: number; day: number }): string {
  return ymd(d);
}

export function dayFirstDate(d: { year: number; month: number; day: number }): string {
  return dmy(d);
}

/** 18900 → "189.00" */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}`;
}

/** The national number of a mainland China E.164 number, or null for any other country. */
function chinaNational(e164: string): string | null {
  return e164.startsWith('+86') ? e164.slice(3) : null;
}

/** "13812345678" → "138 1234 5678" (the way Chinese mobile numbers are grouped). */
const grouped = (national: string, sep: string) => `${national.slice(0, 3)}${sep}${national.slice(3, 7)}${sep}${national.slice(7)}`;

/** Tmall: mostly the bare 11 digits, some with +86 and spaces, some with dashes; others as E.164. */
export function tmallPhone(rng: Random, e164: string): string {
  const national = chinaNational(e164);
  if (national === null) return e164;
  const r = rng.next();
  if (r < 0.7) return national;
  if (r < 0.9) return `+86 ${grouped(national, ' ')}`;
  return grouped(national, '-');
}

/** JD: bare digits, "+86-…", or spaced groups; others as E.164. */
export function jdPhone(rng: Random, e164: string): string {
  const national = chinaNational(e164);
  if (national === null) return e164;
  const r = rng.next();
  if (r < 0.6) return national;
  if (r < 0.85) return `+86-${national}`;
  return grouped(national, ' ');
}

/** One CSV field: quoted when it holds the delimiter, a quote, a line break, or edge spaces. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}
