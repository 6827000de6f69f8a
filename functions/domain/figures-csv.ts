import type { Figures, Spread } from './figures';

/** The tables of GET /figures, each also as CSV (`&format=csv&table=…`), small cells hidden as in the JSON. */
export const figureTables = ['referrals', 'minutes', 'so', 'fitButNoBed', 'occupancy'] as const;
export type FigureTable = (typeof figureTables)[number];

const csvCell = (v: unknown) => {
  const raw = v === undefined || v === null ? '' : String(v);
  // A spreadsheet runs a cell that starts with = + - @ as a formula: never.
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const csv = (head: string[], rows: unknown[][]) => [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

const spreadRow = (measure: string, s: Spread) => [measure, s.n, s.median, s.p90];

export function figuresCsv(f: Figures, table: FigureTable): string {
  switch (table) {
    case 'referrals':
      return csv(['group', 'key', 'value'], [
        ['referrals', 'total', f.referrals.total],
        ...Object.entries(f.referrals.byDestination).map(([k, v]) => ['byDestination', k, v]),
        ...Object.entries(f.referrals.byPlacement).map(([k, v]) => ['byPlacement', k, v]),
        ...Object.entries(f.referrals.byReferrerRole).map(([k, v]) => ['byReferrerRole', k, v]),
        ['sehAvoidedShare', '', f.sehAvoidedShare],
        ['holdsExpired', '', f.holdsExpired],
        ['bedDaysAvoided', 'days', f.bedDaysAvoided.days],
        ['bedDaysAvoided', 'cases', f.bedDaysAvoided.cases],
        ['bedDaysAvoided', 'averageStayDays', f.bedDaysAvoided.averageStayDays],
      ]);
    case 'minutes':
      return csv(['measure', 'n', 'median', 'p90'], [spreadRow('toDecision', f.minutes.toDecision), spreadRow('toBedHeld', f.minutes.toBedHeld), spreadRow('toAdmission', f.minutes.toAdmission)]);
    case 'so':
      return csv(['consultations', 'answerMinutesN', 'answerMinutesMedian', 'answerMinutesP90', 'escalationRate'], [
        [f.so.consultations, f.so.answerMinutes.n, f.so.answerMinutes.median, f.so.answerMinutes.p90, f.so.escalationRate],
      ]);
    case 'fitButNoBed':
      return csv(['kind', 'count'], Object.entries(f.fitButNoBed));
    case 'occupancy':
      return csv(['date', 'kind', 'ward', 'occupied', 'total'], f.occupancy.map((r) => [r.date, r.kind, r.ward, r.occupied, r.total]));
  }
}

/** `cijfers-referrals-2026-11-01-2026-11-30[-delfshaven].csv` */
export const figuresFilename = (f: Pick<Figures, 'from' | 'to' | 'district'>, table: FigureTable) =>
  `cijfers-${table}-${f.from}-${f.to}${f.district ? `-${f.district.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}.csv`;
