// @ts-check
// The coordinator's overview (/casussen): what needs them first, then what is open, then what is closed.
import { el, localTime, show } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { heading, label, loadLabels } from '../lib/labels.js';
import { noAccess } from '../lib/access.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {{
 *   caseId: string, group: 'coordinator' | 'open' | 'closed', urgency?: string, status: string,
 *   owner: { role: string, id: string }, destination?: string, placement?: { destination: string },
 *   createdAt: string, updatedAt: string, continuity?: { linked: boolean, flags: string[] }, stayEndsAt?: string,
 * }} CaseSummary
 */

/** @param {string} iso */
const time = (iso) => localTime(iso, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
const columns = ['Casus', 'Urgentie', 'Status', 'Regiehouder', 'Triage', 'Plaatsing', 'Aangemaakt', 'Bijgewerkt'];

/** @param {PageContext} ctx */
export async function render(ctx) {
  ctx.stop();
  const sinceDays = new URLSearchParams(location.search).get('dagen') ?? '7';
  const [L, { status, body }] = await Promise.all([loadLabels(),
    /** @type {Promise<import('../lib/api.js').ApiResult<{ sinceDays: number, cases: CaseSummary[] }>>} */ (api(`/cases?sinceDays=${encodeURIComponent(sinceDays)}`))]);
  if (!ctx.active()) return; // navigated away meanwhile
  if (status === 403) return show(noAccess('Casussen', body));
  if (status !== 200) return show(el('h1', {}, 'Casussen'), el('p', { class: 'error', role: 'alert' }, body.message ?? (body.errors ?? []).map((x) => x.message).join('; ')));
  const flagLabels = /** @type {{ continuityFlags?: Record<string, string> }} */ (L).continuityFlags ?? {};
  /** @param {CaseSummary} c */
  const where = (c) => (c.placement ? (c.placement.destination === 'coordinator' ? 'geen plek gevonden' : heading(L.destinations, c.placement.destination)) : '—');
  /** @param {CaseSummary} c */
  const row = (c) => el('tr', { class: c.group === 'coordinator' ? 'attention' : undefined },
    el('td', {}, el('a', { href: `/casus/${c.caseId}`, 'data-link': true }, c.caseId),
      (c.continuity?.flags ?? []).map((f) => el('div', { class: 'flag' }, label(flagLabels, f)))),
    el('td', {}, c.urgency ?? '—'),
    el('td', {}, label(L.statuses, c.status),
      // Still admitted past the ward's maximum stay: why the coordinator sees it first.
      c.status === 'admission_confirmed' && c.stayEndsAt && c.stayEndsAt <= new Date().toISOString() ? el('div', { class: 'flag' }, 'maximale verblijfsduur verstreken') : null),
    el('td', {}, label(L.roles, c.owner.role)),
    el('td', {}, c.destination ? heading(L.destinations, c.destination) : '—'),
    el('td', {}, where(c)),
    el('td', {}, time(c.createdAt)),
    el('td', {}, time(c.updatedAt)));
  /**
   * @param {string} title
   * @param {CaseSummary['group']} g
   * @param {string} [note]
   */
  const group = (title, g, note) => {
    const cases = body.cases.filter((c) => c.group === g);
    return cases.length ? el('div', { class: 'card' }, el('h2', {}, `${title} (${cases.length})`), note ? el('p', { class: 'muted' }, note) : null,
      el('div', { class: 'scroll' }, el('table', { class: 'cases' }, el('thead', {}, el('tr', {}, columns.map((h) => el('th', {}, h)))), el('tbody', {}, cases.map(row))))) : null;
  };
  show(el('h1', {}, 'Casussen'),
    el('p', { class: 'muted' }, `De regio, laatste ${body.sinceDays} dagen; ververst elke 10 seconden. Zonder patiëntgegevens: die staan op de casuspagina.`),
    body.cases.length === 0 ? el('p', {}, 'Geen casussen in deze periode.') : null,
    group('Vraagt de coördinator', 'coordinator', 'Niet geplaatst, verlopen, zonder antwoord op een consult, vastgelopen in de workflow of opgenomen voorbij de maximale verblijfsduur: de coördinator heeft de regie.'),
    group('Lopend', 'open'),
    group('Afgerond', 'closed'));
  ctx.later(() => render(ctx), 10_000);
}
