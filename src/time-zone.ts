/** True when `tz` is an IANA time zone this runtime knows ("Asia/Shanghai"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
