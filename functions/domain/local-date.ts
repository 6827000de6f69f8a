/**
 * Calendar dates and ISO weeks as the region reads them (Europe/Amsterdam), for the figures
 * and the weekly review. Pure; daylight-saving time included (midnight always exists there:
 * the clocks change at 02:00 and 03:00).
 */

// Made at first use, as in time.ts: the zone data is loaded only by a handler that needs it.
let formats: { ymd: Intl.DateTimeFormat; hm: Intl.DateTimeFormat } | undefined;
const regionFormats = () =>
  (formats ??= {
    ymd: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }),
    hm: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  });

export const datePattern = /^\d{4}-\d{2}-\d{2}$/;
export const weekPattern = /^(\d{4})-W(\d{2})$/;

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export const localDate = (at: Date): string => regionFormats().ymd.format(at);

/** Whether `YYYY-MM-DD` is a real calendar date. */
export function isDate(ymd: string): boolean {
  if (!datePattern.test(ymd)) return false;
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d;
}

/** The instant local midnight starts `YYYY-MM-DD`: 23:00Z the day before in winter, 22:00Z in summer. */
export function startOfLocalDay(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(y, m - 1, d) - offsetHours * 3_600_000);
    if (localDate(candidate) === ymd && regionFormats().hm.format(candidate) === '00:00') return candidate;
  }
  throw new Error(`no local midnight for ${ymd}`);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every date from `from` to `to`, both included. */
export function datesOf(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}

/** A period of local dates, `from` and `to` included, as the instants [start, end) it covers. */
export interface LocalPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export function localPeriod(from: string, to: string): LocalPeriod {
  return { from, to, start: startOfLocalDay(from), end: startOfLocalDay(addDays(to, 1)) };
}

/** Weeks in an ISO year: 53 when 1 January or 31 December falls on a Thursday. */
function isoWeeksIn(year: number): number {
  const thursday = (m: number, d: number) => new Date(Date.UTC(year, m, d)).getUTCDay() === 4;
  return thursday(0, 1) || thursday(11, 31) ? 53 : 52;
}

/** Whether `2026-W48` names an existing ISO week. */
export function isIsoWeek(week: string): boolean {
  const m = weekPattern.exec(week);
  if (!m) return false;
  const n = Number(m[2]);
  return n >= 1 && n <= isoWeeksIn(Number(m[1]));
}

/** ISO week `2026-W48` as its local dates, Monday to Sunday. */
export function isoWeekPeriod(week: string): LocalPeriod {
  const m = weekPattern.exec(week);
  if (!m || !isIsoWeek(week)) throw new Error(`not an ISO week: ${week}`);
  const year = Number(m[1]);
  // 4 January is always in week 1; its week's Monday starts the ISO year.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(m[2]) - 1) * 7 * 86_400_000);
  const from = monday.toISOString().slice(0, 10);
  return localPeriod(from, addDays(from, 6));
}

/** The ISO week (`2026-W48`) of a local date. */
export function isoWeekOf(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
