// @ts-check
// The coordinator's dashboard (/dashboard): the figures the region steers on for a period and a
// district (charts, the numbers, CSV downloads), the weekly review list, and a what-if with
// extra beds. The privacy officer sees the figures too (aggregates, small cells hidden).
import { el, show } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { noAccess } from '../lib/access.js';
import { clearCharts } from '../lib/charts.js';
import { addDays, districts, isoWeek, today } from '../lib/dashboard-format.js';
import { figuresView } from '../lib/figures-view.js';
import { showReview } from '../lib/review-view.js';
import { whatIfView } from '../lib/whatif-view.js';
import { signedIn } from '../lib/session.js';

/** @typedef {import('../lib/router.js').PageContext} PageContext */

const title = 'Dashboard';

/**
 * The filters from the page's address (?van=…&tot=…&gebied=…&week=…), the last four weeks unless said.
 * @returns {{ from: string, to: string, district: string, week: string }}
 */
function filters() {
  const q = new URLSearchParams(location.search);
  const to = q.get('tot') ?? today();
  const from = q.get('van') ?? addDays(to, -27);
  return { from, to, district: q.get('gebied') ?? '', week: q.get('week') ?? isoWeek(to) };
}

/**
 * The period and district form; a change goes to the address, so a reload or a link keeps it.
 * @param {PageContext} ctx
 * @param {ReturnType<typeof filters>} f
 */
function filterForm(ctx, f) {
  const from = el('input', { type: 'date', id: 'van', name: 'van', value: f.from, required: true });
  const to = el('input', { type: 'date', id: 'tot', name: 'tot', value: f.to, required: true });
  const district = el('select', { id: 'gebied', name: 'gebied' }, el('option', { value: '' }, 'Hele regio'),
    districts.map((d) => el('option', { value: d, selected: d === f.district }, d)));
  const form = el('form', { class: 'filters', 'aria-label': 'Periode en gebied' },
    el('label', { for: 'van' }, 'Van'), from, el('label', { for: 'tot' }, 'tot en met'), to,
    el('label', { for: 'gebied' }, 'Gebied'), district, el('button', { type: 'submit' }, 'Toon'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ van: from.value, tot: to.value, week: f.week });
    if (district.value) q.set('gebied', district.value);
    ctx.navigate(`/dashboard?${q}`, { replace: true });
  });
  return form;
}

/**
 * The weekly review: a week picker and the list.
 * @param {ReturnType<typeof filters>} f
 */
function reviewSection(f) {
  const week = el('input', { type: 'week', id: 'week', value: f.week, required: true });
  const list = el('div', {});
  const form = el('form', { class: 'filters' }, el('label', { for: 'week' }, 'Week'), week, el('button', { type: 'submit' }, 'Toon'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(location.search);
    q.set('week', week.value);
    history.replaceState({}, '', `/dashboard?${q}`);
    void showReview(list, week.value);
  });
  return { node: el('section', { class: 'card' }, el('h2', {}, 'Weekreview: anders geëindigd dan besloten'), form, list), load: () => showReview(list, week.value) };
}

/** @param {PageContext} ctx */
export async function render(ctx) {
  ctx.stop();
  clearCharts();
  const f = filters();
  const query = new URLSearchParams({ from: f.from, to: f.to });
  if (f.district) query.set('district', f.district);
  /** @type {import('../lib/api.js').ApiResult<import('../lib/figures-view.js').Figures>} */
  const { status, body } = await api(`/figures?${query}`);
  if (!ctx.active()) return;
  if (status === 403) return show(noAccess(title, body));
  const head = [el('h1', {}, title),
    el('p', { class: 'muted' }, 'De cijfers waarop de regio stuurt, uit de casussen zelf; zonder gegevens van één patiënt.'),
    filterForm(ctx, f)];
  if (status !== 200) {
    return show(head, el('p', { class: 'error', role: 'alert' }, body.message ?? (body.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ')));
  }
  const figures = figuresView(body, query.toString());
  const review = reviewSection(f);
  show(head,
    el('h2', {}, `Cijfers ${body.from} t/m ${body.to}${body.district ? `, ${body.district}` : ', hele regio'}`),
    figures.nodes,
    review.node,
    // The what-if is the coordinator's (the API says so too): a planning tool, not a figure.
    signedIn()?.role === 'coordinator' ? whatIfView() : null);
  await Promise.all([figures.draw(), review.load()]);
}
