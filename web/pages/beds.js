// @ts-check
// The bed board (/bedden): free and held beds per ward; the bed manager sets total and free.
import { el, show } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { heading, loadLabels } from '../lib/labels.js';
import { noAccess } from '../lib/access.js';
import { signedIn } from '../lib/session.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {{ ward: string, total: number, free: number, held: number }} Ward
 * @typedef {{
 *   facilityId: string, name: string, kind: string, district: string,
 *   admission: { type: '24/7' } | { type: 'window', from: string, to: string }, wards: Ward[],
 * }} Facility
 */

const columns = ['Instelling', 'Soort', 'Gebied', 'Opname', 'Afdeling', 'Totaal', 'Vrij', 'Vastgehouden', 'Bezet', ''];

/**
 * Whose wards the signed-in person edits (display only; the API decides): the coordinator
 * every facility's, a bed manager their own facility's.
 * @param {Facility} f
 */
function editable(f) {
  const user = signedIn();
  return user?.role === 'coordinator' || (user?.role === 'bed_manager' && user.facility === f.facilityId);
}

/**
 * One ward's row, with its own save button where the person edits it.
 * @param {import('../lib/labels.js').Labels} L
 * @param {Facility} f
 * @param {Ward} w
 */
function row(L, f, w) {
  const ward = [el('td', {}, f.name), el('td', {}, heading(L.facilityKinds, f.kind)), el('td', {}, f.district),
    el('td', {}, f.admission.type === 'window' ? `${f.admission.from}–${f.admission.to}` : '24/7'), el('td', {}, w.ward)];
  if (!editable(f)) {
    return el('tr', {}, ward, [w.total, w.free, w.held, w.total - w.free - w.held].map((n) => el('td', {}, String(n))), el('td', {}));
  }
  const free = el('input', { type: 'number', min: '0', value: String(w.free), 'aria-label': `vrij ${f.name} ${w.ward}`, class: 'count' });
  const total = el('input', { type: 'number', min: '0', value: String(w.total), 'aria-label': `totaal ${f.name} ${w.ward}`, class: 'count' });
  const msg = el('span', { class: 'error' });
  const occupied = el('td', {}, String(w.total - w.free - w.held));
  const save = async () => {
    // Send only what the bed manager changed: the page may be older than the last hold.
    /** @type {{ total?: number, free?: number }} */
    const update = {};
    if (Number(total.value) !== w.total) update.total = Number(total.value);
    if (Number(free.value) !== w.free) update.free = Number(free.value);
    if (!Object.keys(update).length) { msg.textContent = 'niets gewijzigd'; return; }
    /** @type {import('../lib/api.js').ApiResult<Ward>} */
    const res = await api(`/facilities/${f.facilityId}/wards/${w.ward}`, { method: 'PUT', body: JSON.stringify(update) });
    if (res.status === 200) {
      Object.assign(w, res.body);
      occupied.textContent = String(w.total - w.free - w.held);
    }
    msg.textContent = res.status === 200 ? 'opgeslagen' : (res.body.errors ?? []).map((x) => x.message).join('; ') || (res.body.message ?? '');
  };
  return el('tr', {}, ward, el('td', {}, total), el('td', {}, free), el('td', {}, String(w.held)), occupied,
    el('td', {}, el('button', { type: 'button', onclick: save }, 'Opslaan'), ' ', msg));
}

/** @param {PageContext} ctx */
export async function render(ctx) {
  const [L, { status, body }] = await Promise.all([loadLabels(), /** @type {Promise<import('../lib/api.js').ApiResult<Facility[]>>} */ (api('/facilities'))]);
  if (!ctx.active()) return;
  if (status === 403) return show(noAccess('Beddenbord', body));
  if (status !== 200 || !Array.isArray(body)) return show(el('h1', {}, 'Beddenbord'), el('p', { class: 'error', role: 'alert' }, body.message ?? `Fout ${status}`));
  show(el('h1', {}, 'Beddenbord'),
    el('p', { class: 'muted' }, 'Vrije en vastgehouden bedden per afdeling. Vastgehouden bedden beheert het systeem; bezet = totaal − vrij − vastgehouden.'),
    el('div', { class: 'card scroll' }, el('table', {}, el('thead', {}, el('tr', {}, columns.map((h) => el('th', {}, h)))),
      el('tbody', {}, body.flatMap((f) => f.wards.map((w) => row(L, f, w)))))));
}
