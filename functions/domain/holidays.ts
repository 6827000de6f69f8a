/** Dutch public holidays (for ANW hours): fixed dates plus those that follow Easter. */
function easterSunday(year: number): Date {
  // Anonymous Gregorian algorithm.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

export function dutchHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const kingsDay = new Date(Date.UTC(year, 3, 27));
  if (kingsDay.getUTCDay() === 0) kingsDay.setUTCDate(26); // on a Sunday, the day before
  return [
    `${year}-01-01`,
    iso(easter),
    iso(plusDays(easter, 1)),
    iso(kingsDay),
    `${year}-05-05`,
    iso(plusDays(easter, 39)),
    iso(plusDays(easter, 49)),
    iso(plusDays(easter, 50)),
    `${year}-12-25`,
    `${year}-12-26`,
  ];
}

/** `localDate` as YYYY-MM-DD in the region's time zone. */
export function isDutchHoliday(localDate: string): boolean {
  return dutchHolidays(Number(localDate.slice(0, 4))).includes(localDate);
}
