// @ts-check
// The figures of GET /figures on the dashboard: key figures, four charts, the numbers beside
// them (hidden cells as the API hides them) and a CSV download per table.
import { el } from './dom.js';
import { chartBox, drawChart, palette } from './charts.js';
import { downloadCsv } from './download.js';
import { count, kinds, minutes, percent, placeNames, plotted } from './dashboard-format.js';

/**
 * @typedef {import('./dashboard-format.js').Cell} Cell
 * @typedef {{ n: Cell, median: number | null | '<5', p90: number | null | '<5' }} Spread
 * @typedef {{
 *   from: string, to: string, district: string | null,
 *   referrals: { total: Cell, byDestination: Record<string, Cell>, byPlacement: Record<string, Cell>, byReferrerRole: Record<string, Cell> },
 *   sehAvoidedShare: number | null | '<5',
 *   minutes: { toDecision: Spread, toBedHeld: Spread, toAdmission: Spread },
 *   so: { consultations: Cell, answerMinutes: Spread, escalationRate: number | null | '<5' },
 *   holdsExpired: Cell, fitButNoBed: Record<string, Cell>,
 *   occupancy: Array<{ date: string, kind: string, ward: string, occupied: Cell, total: number }>,
 *   bedDaysAvoided: { days: Cell, cases: Cell, averageStayDays: number, source: string },
 * }} Figures
 */

/**
 * @param {string} title
 * @param {string} value
 * @param {string} [note]
 */
const keyFigure = (title, value, note) => el('div', { class: 'key-figure' }, el('span', { class: 'muted' }, title), el('strong', {}, value), note ? el('small', { class: 'muted' }, note) : null);

/**
 * A small table of the numbers a chart shows.
 * @param {string[]} head
 * @param {Array<Array<string>>} rows
 */
const numbers = (head, rows) => el('div', { class: 'scroll' }, el('table', { class: 'figures' },
  el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c)))))));

/**
 * Occupancy per kind per day, as a share of the kind's beds: a day where a ward's count is
 * hidden has no point for that kind (a gap), so a hidden count is never guessed.
 * @param {Figures['occupancy']} rows
 */
function occupancySeries(rows) {
  const dates = [...new Set(rows.map((r) => r.date))];
  const series = kinds.map((kind) => dates.map((date) => {
    const day = rows.filter((r) => r.date === date && r.kind === kind);
    const total = day.reduce((n, r) => n + r.total, 0);
    if (!total || day.some((r) => typeof r.occupied !== 'number')) return null;
    return Math.round((day.reduce((n, r) => n + (plotted(r.occupied) ?? 0), 0) / total) * 1000) / 10;
  }));
  return { dates, series };
}

/**
 * The figures section: what to show, and `draw()` to draw the charts once it is on the page.
 * @param {Figures} f
 * @param {string} csvBase the query of these figures, for the CSV downloads
 */
export function figuresView(f, csvBase) {
  const places = [...new Set([...Object.keys(f.referrals.byDestination), ...Object.keys(f.referrals.byPlacement)])];
  const referrals = chartBox('Verwijzingen per bestemming: besluit van de boom en waar de casussen eindigden');
  const times = chartBox('Minuten vanaf de verwijzing: mediaan en p90');
  const occupancy = chartBox('Bezetting per soort bed per dag');
  const noBed = chartBox('Passend maar geen bed, per soort');
  const message = el('p', { class: 'error', role: 'alert' });
  /** @param {string} table @param {string} label */
  const csv = (table, label) => el('button', { type: 'button', class: 'link', onclick: async () => {
    message.textContent = (await downloadCsv(`/figures?${csvBase}&format=csv&table=${table}`, `cijfers-${table}.csv`)) ?? '';
  } }, label);
  const spreadRow = (/** @type {string} */ name, /** @type {Spread} */ s) => [name, count(s.n), minutes(s.median), minutes(s.p90)];
  const nodes = [
    el('div', { class: 'key-figures' },
      keyFigure('Verwijzingen', count(f.referrals.total), `huisarts ${count(f.referrals.byReferrerRole.gp)} · HAP ${count(f.referrals.byReferrerRole.hap_triagist)}`),
      keyFigure('Niet naar de SEH', percent(f.sehAvoidedShare), 'van de geplaatste casussen'),
      keyFigure('Ziekenhuisbeddagen voorkomen', count(f.bedDaysAvoided.days), `${count(f.bedDaysAvoided.cases)} casussen × ${f.bedDaysAvoided.averageStayDays} dagen`),
      keyFigure('Verlopen bedreserveringen', count(f.holdsExpired)),
      keyFigure('SO-antwoordtijd (mediaan)', minutes(f.so.answerMinutes.median), `p90 ${minutes(f.so.answerMinutes.p90)} · ${count(f.so.consultations)} consulten`),
      keyFigure('Escalatie in de SO-keten', percent(f.so.escalationRate), 'eerste SO antwoordde niet op tijd')),
    el('p', { class: 'muted' }, 'Aantallen van 1 tot 4 staan als "<5"; "x" is verborgen zodat geen totaal een klein aantal verraadt. ',
      `Beddagen: aanname ${f.bedDaysAvoided.averageStayDays} dagen per ziekenhuisopname (${f.bedDaysAvoided.source}).`),
    el('div', { class: 'charts' },
      el('section', { class: 'card' }, el('h3', {}, 'Verwijzingen per bestemming'), referrals.box,
        numbers(['Bestemming', 'Besluit (boom)', 'Geëindigd'], places.map((p) => [placeNames[p] ?? p, count(f.referrals.byDestination[p] ?? 0), count(f.referrals.byPlacement[p] ?? 0)])),
        csv('referrals', 'CSV verwijzingen')),
      el('section', { class: 'card' }, el('h3', {}, 'Doorlooptijden'), times.box,
        numbers(['Vanaf verwijzing tot', 'n', 'mediaan', 'p90'], [spreadRow('besluit', f.minutes.toDecision), spreadRow('bed vastgehouden', f.minutes.toBedHeld), spreadRow('opname bevestigd', f.minutes.toAdmission)]),
        csv('minutes', 'CSV doorlooptijden'), ' ', csv('so', 'CSV SO-consulten')),
      el('section', { class: 'card' }, el('h3', {}, 'Bezetting per soort'), occupancy.box,
        el('p', { class: 'muted' }, 'Patiënten in bed aan het eind van de dag, tegen de bedden van nu.'), csv('occupancy', 'CSV bezetting')),
      el('section', { class: 'card' }, el('h3', {}, 'Passend maar geen bed'), noBed.box,
        numbers(['Soort', 'Casussen'], kinds.map((k) => [placeNames[k] ?? k, count(f.fitButNoBed[k])])), csv('fitButNoBed', 'CSV passend maar geen bed'))),
    message,
  ];
  const draw = async () => {
    const occ = occupancySeries(f.occupancy);
    await Promise.all([
      drawChart(referrals.canvas, { type: 'bar', data: { labels: places.map((p) => placeNames[p] ?? p), datasets: [
        { label: 'Besluit van de boom', data: places.map((p) => plotted(f.referrals.byDestination[p])), backgroundColor: palette[0] },
        { label: 'Waar geëindigd', data: places.map((p) => plotted(f.referrals.byPlacement[p])), backgroundColor: palette[1] }] } }),
      drawChart(times.canvas, { type: 'bar', data: { labels: ['besluit', 'bed vastgehouden', 'opname'], datasets: [
        { label: 'mediaan', data: [f.minutes.toDecision, f.minutes.toBedHeld, f.minutes.toAdmission].map((s) => (typeof s.median === 'number' ? s.median : null)), backgroundColor: palette[0] },
        { label: 'p90', data: [f.minutes.toDecision, f.minutes.toBedHeld, f.minutes.toAdmission].map((s) => (typeof s.p90 === 'number' ? s.p90 : null)), backgroundColor: palette[1] }] },
      options: { scales: { y: { title: { display: true, text: 'minuten' } } } } }),
      drawChart(occupancy.canvas, { type: 'line', data: { labels: occ.dates, datasets: kinds.map((k, i) => ({ label: placeNames[k] ?? k, data: occ.series[i] ?? [], borderColor: palette[i], backgroundColor: palette[i], spanGaps: false })) },
        options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '% bezet' } } } } }),
      drawChart(noBed.canvas, { type: 'bar', data: { labels: kinds.map((k) => placeNames[k] ?? k), datasets: [{ label: 'casussen', data: kinds.map((k) => plotted(f.fitButNoBed[k])), backgroundColor: palette[3] }] },
        options: { plugins: { legend: { display: false } } } }),
    ]);
  };
  return { nodes, draw };
}
