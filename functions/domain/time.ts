/**
 * Wall-clock time in the region (Europe/Amsterdam), daylight-saving time included. Made at
 * first use: the first time-zone formatter loads the zone data (~10 ms), which a handler that
 * never reads a local time should not pay at start.
 */
let formatter: Intl.DateTimeFormat | undefined;
const regionClock = () => (formatter ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' }));

export interface LocalTime {
  /** Minutes since local midnight. */
  minutes: number;
  weekday: 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
}

export function localTime(at: Date): LocalTime {
  const parts = Object.fromEntries(regionClock().formatToParts(at).map((p) => [p.type, p.value]));
  return { minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: parts.weekday as LocalTime['weekday'] };
}

/** "07:00" → 420 */
export function parseHhMm(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether local time falls in [from, to); windows may cross midnight ("23:00"–"07:00"). */
export function inWindow(at: Date, from: string, to: string): boolean {
  const { minutes } = localTime(at);
  const start = parseHhMm(from);
  const end = parseHhMm(to);
  if (start === end) return true;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}
