// @ts-check
// The case page (/casus/{id}): follows the workflow until the case is final, with its actions.
import { el, localTime, show } from '../lib/dom.js';
import { api, post } from '../lib/api.js';
import { heading, label, loadLabels } from '../lib/labels.js';
import { breakGlassForm, mayBreakGlass, noAccess } from '../lib/access.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {import('../lib/api.js').ApiError} ApiError
 * @typedef {{ role: string, id: string }} Actor
 * @typedef {{
 *   caseId: string, status: string, version: number, owner: Actor,
 *   decision?: { destination: string, ward?: string, treatingPhysician?: string, reasons: string[], treeVersion: string, ruleIds: string[] },
 *   placement?: { destination: string, facilityId?: string, ward?: string, tried: Array<{ facilityId: string, reason: string }> },
 *   hold?: { facilityId: string, ward: string, expiresAt: string, awaitingSo?: boolean },
 *   timeline: Array<{ at: string, step: string, by: Actor, detail?: string }>,
 * }} Case
 * @typedef {{ ctx: PageContext, caseId: string, version?: number, note: HTMLInputElement, urgency: HTMLSelectElement, error: HTMLElement }} View
 */

/**
 * Who leads care at the destination (hoofdbehandelaar); a decision stored before it named one
 * gets it by the same table, by destination.
 * @param {import('../lib/labels.js').Labels} labels
 * @param {NonNullable<Case['decision']>} d
 */
function treatingPhysician(labels, d) {
  const L = /** @type {{ treatingPhysicians?: Record<string, string>, treatingPhysicianByDestination?: Record<string, string> }} */ (labels);
  const who = d.treatingPhysician ?? L.treatingPhysicianByDestination?.[d.destination];
  return who ? el('p', { class: 'treating-physician' }, 'Hoofdbehandelaar: ', el('strong', {}, label(L.treatingPhysicians ?? {}, who))) : null;
}

// Nothing more to follow on these pages (an expired case can still be placed again or cancelled).
const finalStatuses = ['call_112', 'discharged', 'cancelled', 'admission_confirmed'];

/** Facility names by id; fetched once, again when an id is new. */
let facilityNames = new Map();
/** @param {string} id */
async function facilityName(id) {
  if (!facilityNames.has(id)) {
    /** @type {import('../lib/api.js').ApiResult<Array<{ facilityId: string, name: string }>>} */
    const { status, body } = await api('/facilities');
    if (status === 200) facilityNames = new Map(body.map((f) => [f.facilityId, f.name]));
  }
  return facilityNames.get(id) ?? id;
}

/**
 * What the page shows between renders: the version shown, and the escalation fields, kept so
 * nothing typed is lost while the page polls. A page shown anew (another ctx) starts afresh.
 * @type {View | undefined}
 */
let view;

/**
 * Access with a reason ("break the glass"), for this page shown this once: each request of
 * the case sends the reason (and is logged), so the page then refreshes only when asked.
 * @type {{ ctx: PageContext, caseId: string, reason: string } | undefined}
 */
let glass;

/**
 * GET the case, with the break-the-glass reason when there is one.
 * @param {string} caseId
 * @param {string} [reason]
 * @returns {Promise<import('../lib/api.js').ApiResult<Case>>}
 */
const fetchCase = (caseId, reason) =>
  api(`/cases/${encodeURIComponent(caseId)}`, reason ? { headers: { 'x-break-glass-reason': reason } } : undefined);

/**
 * Errors from case actions show in the view's alert (role=alert: screen readers announce them).
 * @param {View} v
 * @param {ApiError} body
 */
const showError = (v, body) => { v.error.textContent = body.message ?? (body.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; '); };

/**
 * @param {View} v
 * @param {string} text
 * @param {string} path
 * @param {() => unknown} after
 * @param {{ confirmText?: string, className?: string }} [options]
 */
function actionButton(v, text, path, after, { confirmText, className } = {}) {
  const button = el('button', { type: 'button', class: className, onclick: async () => {
    if (confirmText && !window.confirm(confirmText)) return;
    button.disabled = true;
    const res = await post(path);
    button.disabled = false;
    if (res.status >= 400) return showError(v, res.body);
    v.error.textContent = '';
    after();
  } }, text);
  return button;
}

/**
 * The case page polls until the case is final, but renders only when the case changed (its version).
 * @param {PageContext} ctx
 * @param {import('../lib/api.js').ApiResult<Case>} [given] the case as just fetched (with a reason)
 */
export async function render(ctx, given) {
  const caseId = ctx.param;
  ctx.stop();
  if (glass && (glass.ctx !== ctx || glass.caseId !== caseId)) glass = undefined;
  const reason = glass?.reason;
  const [L, { status, body }] = await Promise.all([loadLabels(), given ?? fetchCase(caseId, reason)]);
  if (!ctx.active()) return; // navigated away meanwhile
  if (status === 404) return show(el('p', {}, `Casus ${caseId} bestaat niet.`));
  if (status === 403) return show(noAccess(`Casus ${caseId}`, body), mayBreakGlass() ? breakGlassForm(async (why) => {
    const res = await fetchCase(caseId, why);
    if (!ctx.active()) return undefined;
    if (res.status !== 200) return res.body.message ?? `Fout ${res.status}`;
    glass = { ctx, caseId, reason: why };
    view = undefined;
    await render(ctx, res);
    return undefined;
  }) : null);
  if (status !== 200) return show(el('h1', {}, `Casus ${caseId}`), el('p', { class: 'error', role: 'alert' }, body.message ?? `Fout ${status}`));
  if (view?.ctx !== ctx || view.caseId !== caseId) {
    view = {
      ctx,
      caseId,
      note: el('input', { type: 'text', placeholder: 'Wat is er veranderd?', 'aria-label': 'Notitie escalatie' }),
      urgency: el('select', { 'aria-label': 'Urgentie escalatie' }, ['U2', 'U3', 'U4'].map((u) => el('option', { value: u }, u))),
      error: el('p', { class: 'error', role: 'alert' }),
    };
  }
  const v = view;
  const reload = () => render(ctx);
  const poll = () => { if (!finalStatuses.includes(body.status) && !reason) ctx.later(reload, 1500); };
  if (body.version === v.version && !given) return poll();
  v.version = body.version;
  const { note, urgency } = v;
  const d = body.decision;
  const p = body.placement;
  const role = (/** @type {Actor} */ by) => label(L.roles, by.role);
  const owner = body.owner.role === 'transfer_nurse' ? ` (${await facilityName(body.owner.id)})` : body.owner.role === 'coordinator' ? ` (${body.owner.id})` : '';
  const placedAt = p?.facilityId ? `${await facilityName(p.facilityId)}, afdeling ${p.ward}` : '';
  const tried = p ? await Promise.all(p.tried.map(async (t) => `${await facilityName(t.facilityId)} (${label(L.placementReasons, t.reason)})`)) : [];
  if (!ctx.active()) return;
  const open = body.status !== 'admission_confirmed';
  show(
    el('h1', {}, `Casus ${body.caseId}`),
    glass ? el('p', { class: 'card glass', role: 'status' }, `Noodtoegang met reden "${glass.reason}"; vastgelegd. Deze pagina ververst niet vanzelf: `,
      el('button', { type: 'button', class: 'secondary', onclick: reload }, 'Vernieuwen')) : null,
    body.status === 'call_112' ? el('p', { class: 'alarm', role: 'alert' }, 'Levensbedreigend: bel nu 112. Deze route stopt hier.') : null,
    el('div', { class: 'card' },
      el('p', {}, 'Status: ', el('strong', {}, label(L.statuses, body.status)),
        ' · Regiehouder: ', el('strong', {}, `${role(body.owner)}${owner}`)),
      d ? [el('p', { class: 'destination' }, heading(L.destinations, d.destination) + (d.ward ? ` — afdeling ${d.ward}` : '')),
        treatingPhysician(L, d),
        el('ul', {}, d.reasons.map((r) => el('li', {}, r))),
        el('p', { class: 'muted' }, `Triageboom ${d.treeVersion}; regels ${d.ruleIds.join(', ')}`)]
        : el('p', { class: 'muted' }, 'Triage loopt…')),
    p ? el('div', { class: 'card' }, el('h2', {}, 'Plaatsing'),
      el('p', {}, p.destination === 'coordinator' ? 'Geen plek gevonden: de coördinator heeft de regie.'
        : `${heading(L.destinations, p.destination)}${placedAt ? ` · ${placedAt}` : ''}`),
      body.hold ? el('p', {}, body.hold.awaitingSo ? 'Bed vastgehouden; eerst het akkoord van de SO, dan de opname' : `Bed vastgehouden tot ${localTime(body.hold.expiresAt)}`) : null,
      tried.length ? el('p', { class: 'muted' }, 'Geprobeerd: ' + tried.join(', ')) : null) : null,
    finalStatuses.includes(body.status) && open ? null : el('div', { class: 'card' }, el('h2', {}, 'Acties'), v.error,
      body.status === 'bed_held' && !body.hold?.awaitingSo ? actionButton(v, 'Opname bevestigen', `/cases/${caseId}/admission`, reload) : null,
      body.status === 'admission_confirmed' ? actionButton(v, 'Ontslag', `/cases/${caseId}/discharge`, reload) : null,
      // The coordinator holds the case without a bed: try the placement again (a bed may be free now).
      ['escalated', 'expired'].includes(body.status) && d && d.destination !== 'call_112' && !body.hold
        ? actionButton(v, 'Opnieuw plaatsen', `/cases/${caseId}/placement`, reload) : null,
      open
        ? actionButton(v, 'Annuleren', `/cases/${caseId}/cancel`, reload, { confirmText: `Casus ${caseId} annuleren? Een vastgehouden bed komt direct vrij.`, className: 'secondary' })
        : null,
      open ? el('p', {}, 'Escaleren naar SO: ', note, ' ', urgency, ' ',
        el('button', { type: 'button', onclick: async () => {
          const res = await post(`/cases/${caseId}/escalations`, { note: note.value, urgency: urgency.value });
          if (res.status >= 400) return showError(v, res.body);
          v.error.textContent = '';
          note.value = '';
          reload();
        } }, 'Escaleren')) : null),
    el('div', { class: 'card' }, el('h2', {}, 'Tijdlijn'),
      el('ol', { class: 'timeline' }, body.timeline.map((t) =>
        el('li', {}, `${localTime(t.at)} — ${t.detail ?? t.step} (${role(t.by)})`)))));
  poll();
}
