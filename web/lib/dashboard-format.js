// @ts-check
// What the dashboard shows its figures with: short Dutch names for chart axes, the districts of
// the region (as functions/domain/districts.ts; a unit test keeps the two equal), local dates,
// and how a hidden cell reads ("<5": 1 to 4 cases; "x": hidden so no total gives a small one away).

/** @typedef {number | '<5' | 'x'} Cell */

/** Where a case went or ended, short enough for an axis. */
export const placeNames = /** @type {Record<string, string>} */ ({
  home: 'thuis', herstelkliniek: 'herstelkliniek', wijkkliniek: 'wijkkliniek', reo_bed: 'REO-bed', seh: 'SEH',
  call_112: '112', coordinator: 'coördinator', cancelled: 'geannuleerd', open: 'lopend', undecided: 'nog geen besluit',
});

/** The bed kinds, in the bed board's order. */
export const kinds = ['herstelkliniek', 'wijkkliniek', 'reo_bed'];

/** Why a case is on the review list. */
export const reviewReasonNames = /** @type {Record<string, string>} */ ({ fallback: 'uitwijk', correction: 'correctie', placed_again: 'opnieuw geplaatst', amended: 'besluit gecorrigeerd' });

/** The districts (gebieden) of the region. */
export const districts = ['Centrum', 'Delfshaven', 'Overschie', 'Noord', 'Hillegersberg-Schiebroek', 'Kralingen-Crooswijk', 'Prins Alexander',
  'Feijenoord', 'IJsselmonde', 'Charlois', 'Hoogvliet', 'Pernis', 'Rozenburg', 'Hoek van Holland', 'Capelle aan den IJssel', 'Krimpen aan den IJssel'];

/**
 * A count or a hidden cell as text.
 * @param {Cell | null | undefined} c
 */
export const count = (c) => (c === null || c === undefined ? '—' : typeof c === 'number' ? c.toLocaleString('nl-NL') : c);

/**
 * A share (0–1) as a percentage, or what hides it.
 * @param {number | '<5' | null | undefined} s
 */
export const percent = (s) => (s === null || s === undefined ? '—' : typeof s === 'number' ? `${(Math.round(s * 1000) / 10).toLocaleString('nl-NL')}%` : s);

/**
 * Minutes, or what hides them.
 * @param {number | '<5' | null | undefined} m
 */
export const minutes = (m) => (m === null || m === undefined ? '—' : typeof m === 'number' ? `${m.toLocaleString('nl-NL')} min` : m);

/**
 * A number to plot: a hidden cell is no point (a gap), never a made-up value.
 * @param {Cell | null | undefined} c
 */
export const plotted = (c) => (typeof c === 'number' ? c : null);

/** Today's date in the region, YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });

/**
 * A date plus days, YYYY-MM-DD.
 * @param {string} ymd
 * @param {number} days
 */
export function addDays(ymd, days) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * The ISO week (2026-W48) of a date.
 * @param {string} ymd
 */
export function isoWeek(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
