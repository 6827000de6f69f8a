// @ts-check
// "Met N extra bedden per soort" (GET /figures/whatif): the region's referrals of the last days
// replayed through the tree and the placement plan against the bed board of now, and with N
// more beds of each kind.
import { el } from './dom.js';
import { api } from './api.js';
import { chartBox, drawChart, palette } from './charts.js';
import { count, kinds, placeNames, plotted } from './dashboard-format.js';

/**
 * @typedef {import('./dashboard-format.js').Cell} Cell
 * @typedef {{
 *   placedAt: Record<string, Cell>, fitButNoBed: Record<string, Cell>, placedByFallback: Cell, seh: Cell,
 *   occupancy: Record<string, { beds: number, mean: number, p95: number }>, bedDaysAvoided: number,
 * }} Side
 * @typedef {{ extra: number, days: number, treeVersion: string, referrals: Cell, beds: { baseline: Record<string, number>, scenario: Record<string, number> }, baseline: Side, scenario: Side }} WhatIf
 */

/** @param {number} x */
const pct = (x) => `${Math.round(x * 100)}%`;

/**
 * @param {HTMLElement} target
 * @param {number} extra
 * @param {number} days
 */
async function run(target, extra, days) {
  target.replaceChildren(el('p', { class: 'muted' }, 'Rekenen…'));
  /** @type {import('./api.js').ApiResult<WhatIf>} */
  const { status, body } = await api(`/figures/whatif?extra=${extra}&days=${days}`);
  if (status === 403) return target.replaceChildren(el('p', { class: 'muted' }, 'De wat-als-berekening is voor de coördinator.'));
  if (status !== 200) return target.replaceChildren(el('p', { class: 'error', role: 'alert' }, body.message ?? (body.errors ?? []).map((e) => e.message).join('; ')));
  const { baseline: b, scenario: s } = body;
  /** @type {Array<[string, string, string]>} */
  const rows = [
    ...kinds.map((k) => /** @type {[string, string, string]} */ ([`Bedden ${placeNames[k]}`, String(body.beds.baseline[k] ?? 0), String(body.beds.scenario[k] ?? 0)])),
    ...kinds.map((k) => /** @type {[string, string, string]} */ ([`Passend maar geen bed: ${placeNames[k]}`, count(b.fitButNoBed[k]), count(s.fitButNoBed[k])])),
    ...kinds.map((k) => /** @type {[string, string, string]} */ ([`Bezetting ${placeNames[k]} (gem. / p95)`, `${pct(b.occupancy[k]?.mean ?? 0)} / ${pct(b.occupancy[k]?.p95 ?? 0)}`, `${pct(s.occupancy[k]?.mean ?? 0)} / ${pct(s.occupancy[k]?.p95 ?? 0)}`])),
    ['Geplaatst via uitwijk', count(b.placedByFallback), count(s.placedByFallback)],
    ['Naar de SEH', count(b.seh), count(s.seh)],
    ['Coördinator (geen plek)', count(b.placedAt.coordinator), count(s.placedAt.coordinator)],
    ['Ziekenhuisbeddagen voorkomen', b.bedDaysAvoided.toLocaleString('nl-NL'), s.bedDaysAvoided.toLocaleString('nl-NL')],
  ];
  const chart = chartBox('Passend maar geen bed: nu en met extra bedden');
  target.replaceChildren(
    el('p', { class: 'muted' }, `${count(body.referrals)} verwijzingen van de laatste ${body.days} dagen, opnieuw door triageboom ${body.treeVersion} en het plaatsingsplan; de bedden beginnen leeg.`),
    chart.box,
    el('p', { class: 'muted' }, 'Aantallen van 1 tot 4 staan als "<5" en worden niet getekend; "x" is verborgen zodat geen totaal er een verraadt.'),
    el('div', { class: 'scroll' }, el('table', { class: 'figures' },
      el('thead', {}, el('tr', {}, ['', 'Nu', `Met ${body.extra} extra per soort`].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))))));
  await drawChart(chart.canvas, { type: 'bar', data: { labels: kinds.map((k) => placeNames[k] ?? k), datasets: [
    { label: 'nu', data: kinds.map((k) => plotted(b.fitButNoBed[k])), backgroundColor: palette[0] },
    { label: `met ${body.extra} extra`, data: kinds.map((k) => plotted(s.fitButNoBed[k])), backgroundColor: palette[2] }] } });
}

/** The what-if's form and its result. */
export function whatIfView() {
  const extra = el('input', { type: 'number', id: 'whatif-extra', min: '0', max: '50', value: '2' });
  const days = el('input', { type: 'number', id: 'whatif-days', min: '1', max: '92', value: '28' });
  const result = el('div', { class: 'whatif-result' });
  const form = el('form', { class: 'filters' },
    el('label', { for: 'whatif-extra' }, 'Met'), extra, el('label', { for: 'whatif-extra' }, 'extra bedden per soort, over de laatste'),
    days, el('label', { for: 'whatif-days' }, 'dagen'), el('button', { type: 'submit' }, 'Bereken'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(result, Number(extra.value), Number(days.value));
  });
  return el('section', { class: 'card' }, el('h2', {}, 'Wat als: met extra bedden per soort'), form, result);
}
