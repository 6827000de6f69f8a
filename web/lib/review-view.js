// @ts-check
// The weekly review list on the dashboard (GET /review?week=…): the cases whose final place
// differs from the tree's first decision, with their timelines folded open on demand.
import { el, localTime } from './dom.js';
import { api } from './api.js';
import { placeNames, reviewReasonNames } from './dashboard-format.js';

/**
 * @typedef {{ at: string, step: string, by: { role: string, id: string, name?: string }, detail?: string }} TimelineEntry
 * @typedef {{
 *   caseId: string, createdAt: string, urgency?: string,
 *   decided: { destination: string, ward?: string, ruleId: string, treeVersion: string, reasons: string[] },
 *   ended: string, placement?: { destination: string, ward?: string }, reasons: string[], timeline: TimelineEntry[],
 *   amendments?: Array<{ by: { username: string }, reason: string, to: { destination: string, ward?: string } }>, overrideSafety?: boolean,
 * }} ReviewItem
 * @typedef {{ week: string, from: string, to: string, referrals: number, cases: ReviewItem[] }} ReviewList
 */

/** @param {string} iso */
const time = (iso) => localTime(iso, { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

/**
 * @param {string} destination
 * @param {string} [ward]
 */
const place = (destination, ward) => `${placeNames[destination] ?? destination}${ward ? ` (${ward})` : ''}`;

/** @param {ReviewItem} c */
const row = (c) => el('tr', {},
  el('td', {}, el('a', { href: `/casus/${c.caseId}`, 'data-link': true }, c.caseId)),
  el('td', {}, time(c.createdAt)),
  el('td', {}, c.urgency ?? '—'),
  el('td', {}, place(c.decided.destination, c.decided.ward), el('br'), el('small', { class: 'muted' }, `${c.decided.ruleId} · ${c.decided.treeVersion}`)),
  el('td', {}, place(c.ended, c.ended === c.placement?.destination ? c.placement?.ward : undefined)),
  el('td', {}, c.overrideSafety ? el('strong', { class: 'override' }, 'Veiligheidsregel doorbroken · ') : null, c.reasons.map((r) => reviewReasonNames[r] ?? r).join(', '),
    (c.amendments ?? []).flatMap((a) => [el('br'), el('small', {}, `→ ${place(a.to.destination, a.to.ward)} (${a.by.username}): ${a.reason}`)])),
  el('td', {}, el('details', {}, el('summary', {}, `${c.timeline.length} stappen`),
    el('ol', { class: 'timeline' }, c.timeline.map((e) => el('li', {}, `${time(e.at)} · ${e.step}${e.detail ? `: ${e.detail}` : ''}`))))));

/**
 * Loads and shows the review list of a week into `target`.
 * @param {HTMLElement} target
 * @param {string} week
 */
export async function showReview(target, week) {
  target.replaceChildren(el('p', { class: 'muted' }, 'Laden…'));
  /** @type {import('./api.js').ApiResult<ReviewList>} */
  const { status, body } = await api(`/review?week=${encodeURIComponent(week)}`);
  if (status === 403) return target.replaceChildren(el('p', { class: 'muted' }, 'De weekreview toont tijdlijnen van casussen: alleen voor de coördinator.'));
  if (status !== 200) return target.replaceChildren(el('p', { class: 'error', role: 'alert' }, body.message ?? (body.errors ?? []).map((e) => e.message).join('; ')));
  target.replaceChildren(
    el('p', { class: 'muted' }, `Week ${body.week} (${body.from} t/m ${body.to}): ${body.cases.length} van ${body.referrals} verwijzingen eindigden anders dan de boom besloot of werden bijgestuurd.`),
    body.cases.length
      ? el('div', { class: 'scroll' }, el('table', { class: 'review' },
        el('thead', {}, el('tr', {}, ['Casus', 'Verwezen', 'Urgentie', 'Besluit (boom)', 'Geëindigd', 'Waarom op de lijst', 'Tijdlijn'].map((h) => el('th', {}, h)))),
        el('tbody', {}, body.cases.map(row))))
      : el('p', {}, 'Geen casussen om te bespreken.'));
}
