// @ts-check
// The case page (/casus/{id}): follows the workflow until the case is final, with its actions.
import { el, localTime, show } from '../lib/dom.js';
import { api, post } from '../lib/api.js';
import { heading, label, loadLabels } from '../lib/labels.js';
import { breakGlassForm, mayBreakGlass, noAccess } from '../lib/access.js';
import { signedIn } from '../lib/session.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {import('../lib/api.js').ApiError} ApiError
 * @typedef {{ role: string, id: string }} Actor
 * @typedef {{
 *   caseId: string, status: string, version: number, owner: Actor,
 *   decision?: { destination: string, ward?: string, treatingPhysician?: string, reasons: string[], treeVersion: string, ruleIds: string[] },
 *   originalDecision?: { destination: string, ward?: string },
 *   amendments?: Array<{ at: string, by: { username: string, role: string }, reason: string, from: { destination: string, ward?: string }, to: { destination: string, ward?: string }, overrideSafety?: boolean }>,
 *   placement?: { destination: string, facilityId?: string, ward?: string, tried: Array<{ facilityId: string, reason: string }> },
 *   hold?: { facilityId: string, ward: string, expiresAt: string, awaitingSo?: boolean },
 *   timeline: Array<{ at: string, step: string, by: Actor, detail?: string }>,
 *   continuity?: { linked: boolean, flags: string[], previousCaseIds: string[], hiddenPreviousCases: number, movesLast10Days: number, returnWithin72h: boolean },
 *   stayEndsAt?: string, maxStayDays?: number,
 *   discharge?: { at: string, dischargedTo: string, note?: string },
 * }} Case
 * @typedef {{ destination: HTMLSelectElement, ward: HTMLSelectElement, reason: HTMLTextAreaElement, override: HTMLInputElement, overrideBox: HTMLElement, warning: HTMLElement }} CorrectionFields
 * @typedef {{ ctx: PageContext, caseId: string, version?: number, note: HTMLInputElement, urgency: HTMLSelectElement, error: HTMLElement, correction: CorrectionFields }} View
 */

/** Where the coordinator may send a case instead (not 112), and the herstelkliniek's wards: as the API takes them. */
const correctionDestinations = ['home', 'herstelkliniek', 'wijkkliniek', 'reo_bed', 'seh'];
const herstelkliniekWards = ['grz', 'somatiek', 'delier', 'structuur', 'gedrag', 'palliatief'];
/** A decision the coordinator may correct in these (not while the SO is asked, not while the workflow is between steps). */
const correctableStatuses = ['bed_held', 'notified', 'escalated', 'expired'];

/**
 * The fields of "Besluit corrigeren", kept in the view so nothing typed is lost while the page polls.
 * @param {import('../lib/labels.js').Labels} L
 * @returns {CorrectionFields}
 */
function correctionFields(L) {
  const ward = el('select', { id: 'correctie-afdeling', name: 'ward' }, el('option', { value: '' }, '—'), herstelkliniekWards.map((w) => el('option', { value: w }, w)));
  const destination = el('select', { id: 'correctie-bestemming', name: 'destination', onchange: () => { ward.disabled = destination.value !== 'herstelkliniek'; } },
    correctionDestinations.map((d) => el('option', { value: d }, label(L.destinations, d))));
  ward.disabled = destination.value !== 'herstelkliniek';
  const override = el('input', { type: 'checkbox', id: 'correctie-veiligheid', name: 'overrideSafety' });
  return {
    destination,
    ward,
    reason: el('textarea', { id: 'correctie-reden', name: 'reason', rows: '2', maxlength: '500', required: true }),
    override,
    overrideBox: el('p', { hidden: true }, override, ' ', el('label', { for: 'correctie-veiligheid' }, 'Ik wijk bewust af van de veiligheidsregel (wordt gemarkeerd en staat bovenaan de weekreview)')),
    warning: el('p', { class: 'alarm', role: 'alert', hidden: true }),
  };
}

/**
 * "Besluit corrigeren" (coordinator only): a 400 on overrideSafety shows the broken rule and the checkbox to override it.
 * @param {View} v
 * @param {string} caseId
 * @param {() => unknown} after
 */
function correctionForm(v, caseId, after) {
  const f = v.correction;
  const submit = el('button', { type: 'submit' }, 'Besluit corrigeren');
  return el('form', { class: 'card correction', onsubmit: async (/** @type {Event} */ e) => {
    e.preventDefault();
    submit.disabled = true;
    const res = await post(`/cases/${caseId}/decision`, {
      destination: f.destination.value,
      ...(f.destination.value === 'herstelkliniek' && f.ward.value ? { ward: f.ward.value } : {}),
      reason: f.reason.value,
      ...(f.override.checked ? { overrideSafety: true } : {}),
    });
    submit.disabled = false;
    const unsafe = (res.body.errors ?? []).find((x) => x.path === 'overrideSafety');
    if (unsafe) {
      f.warning.textContent = `Let op: ${unsafe.message.replace(/; bevestig met overrideSafety: true$/, '')}. Vink hieronder aan als u hier bewust van afwijkt.`;
      f.warning.hidden = false;
      f.overrideBox.hidden = false;
      return;
    }
    if (res.status >= 400) return showError(v, res.body);
    v.error.textContent = '';
    f.reason.value = '';
    f.override.checked = false;
    f.warning.hidden = true;
    f.overrideBox.hidden = true;
    after();
  } },
  el('h2', {}, 'Besluit corrigeren'),
  el('p', {}, el('label', { for: 'correctie-bestemming' }, 'Nieuwe bestemming '), f.destination, ' ', el('label', { for: 'correctie-afdeling' }, 'afdeling (herstelkliniek) '), f.ward),
  el('p', {}, el('label', { for: 'correctie-reden' }, 'Reden (blijft bij de casus, nooit in een sms)'), el('br'), f.reason),
  f.warning, f.overrideBox, submit);
}

/**
 * The corrections of the decision, with the tree's decision kept visible.
 * @param {import('../lib/labels.js').Labels} L
 * @param {Case} c
 */
function amendmentsView(L, c) {
  if (!c.amendments?.length) return null;
  const place = (/** @type {{ destination: string, ward?: string }} */ r) => `${label(L.destinations, r.destination)}${r.ward ? ` (${r.ward})` : ''}`;
  return el('div', { class: 'amendments' },
    c.originalDecision ? el('p', { class: 'muted' }, `Oorspronkelijk besluit (triageboom): ${place(c.originalDecision)}`) : null,
    el('ul', {}, c.amendments.map((a) => el('li', {},
      `${localTime(a.at)} — Besluit gecorrigeerd door ${a.by.username} (${label(L.roles, a.by.role)}): van ${place(a.from)} naar ${place(a.to)} — ${a.reason}`,
      a.overrideSafety ? el('strong', {}, ' · veiligheidsregel bewust doorbroken') : null))));
}

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

/**
 * The person's other cases (linked by the pseudonymous patient key): the flags first, then the
 * earlier cases this person may open, the others only counted.
 * @param {import('../lib/labels.js').Labels} labels
 * @param {Case['continuity']} c
 */
function continuityCard(labels, c) {
  if (!c) return null;
  if (!c.linked) return el('div', { class: 'card continuity' }, el('h2', {}, 'Eerdere casussen'), el('p', { class: 'muted' }, 'Niet gekoppeld: geen BSN opgegeven'));
  const flagLabels = /** @type {{ continuityFlags?: Record<string, string> }} */ (labels).continuityFlags ?? {};
  const hidden = c.hiddenPreviousCases;
  return el('div', { class: 'card continuity' }, el('h2', {}, 'Eerdere casussen'),
    c.flags.map((f) => el('p', { class: 'flag', role: 'status' }, label(flagLabels, f))),
    el('p', {}, `Verplaatsingen in de 10 dagen tot deze verwijzing: ${c.movesLast10Days}`),
    c.previousCaseIds.length || hidden
      ? el('p', {}, c.previousCaseIds.length ? 'Eerder: ' : null, c.previousCaseIds.flatMap((id, i) => [i ? ', ' : '', el('a', { href: `/casus/${id}`, 'data-link': true }, id)]),
        hidden ? `${c.previousCaseIds.length ? '; ' : ''}${hidden === 1 ? '1 eerdere casus' : `${hidden} eerdere casussen`} die u niet kunt openen` : null)
      : el('p', { class: 'muted' }, 'Geen eerdere casussen van deze persoon.'));
}

// Nothing more to follow on these pages (an expired case can still be placed again or cancelled).
const finalStatuses = ['call_112', 'discharged', 'cancelled', 'admission_confirmed'];

/**
 * Where a team's confirmation of a home decision stands, from the timeline's steps
 * (`district_team_confirmed`, `_declined`, `_unanswered`, `_escalated`; `fact_vvt_…`).
 * @param {Case['timeline']} timeline
 * @param {'district_team' | 'fact_vvt'} team
 * @param {string} name
 */
function teamStatus(timeline, team, name) {
  const steps = timeline.filter((t) => t.step.startsWith(`${team}_`)).map((t) => t.step.slice(team.length + 1));
  if (steps.includes('confirmed')) return `${name}: bevestigd, het team gaat`;
  if (steps.includes('escalated')) return `${name}: niemand bevestigde; de coördinator heeft de regie`;
  const passedOn = steps.filter((s) => s === 'declined' || s === 'unanswered').length;
  return `${name}: wacht op bevestiging${passedOn ? ` (doorgezet naar de achterwacht na ${passedOn}× geen of een afwijzend antwoord)` : ''}`;
}

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

/** Where a patient goes at discharge, as POST /cases/{caseId}/discharge takes it. */
const dischargeLabels = /** @type {Record<string, string>} */ ({
  home: 'naar huis', home_with_care: 'naar huis met zorg', wlz: 'naar een Wlz-plek', hospital: 'naar het ziekenhuis', deceased: 'overleden', other: 'elders',
});

/** The discharge fields, kept per case so nothing typed is lost while the page polls. */
/** @type {{ caseId: string, to: HTMLSelectElement, note: HTMLTextAreaElement } | undefined} */
let dischargeFields;

/**
 * Ontslag as a warm handover: where to (required) and a note for the next carer (stays in the
 * case; the texts to the referrer, the GP practice and, home, the district team carry none of it).
 * @param {View} v
 * @param {string} caseId
 * @param {() => void} after
 */
function dischargeForm(v, caseId, after) {
  if (dischargeFields?.caseId !== caseId) {
    dischargeFields = {
      caseId,
      to: el('select', { id: 'ontslag-naar', name: 'dischargedTo' }, el('option', { value: '' }, '— kies —'), Object.entries(dischargeLabels).map(([value, text]) => el('option', { value }, text))),
      note: el('textarea', { id: 'ontslag-notitie', name: 'note', rows: '2', placeholder: 'Overdracht voor de volgende zorgverlener (blijft in de casus, niet in een sms)' }),
    };
  }
  const { to, note } = dischargeFields;
  const button = el('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    const res = await post(`/cases/${caseId}/discharge`, { dischargedTo: to.value, ...(note.value.trim() ? { note: note.value } : {}) });
    button.disabled = false;
    if (res.status >= 400) return showError(v, res.body);
    v.error.textContent = '';
    after();
  } }, 'Ontslag');
  return el('fieldset', { class: 'discharge' }, el('legend', {}, 'Ontslag (warme overdracht)'),
    el('div', { class: 'field', 'data-fact': 'dischargedTo' }, el('label', { for: 'ontslag-naar' }, 'Waarheen'), to),
    el('div', { class: 'field', 'data-fact': 'note' }, el('label', { for: 'ontslag-notitie' }, 'Overdracht (optioneel)'), note),
    el('p', { class: 'muted' }, 'Sms (alleen het casusnummer) aan de verwijzer en de huisartspraktijk; naar huis ook aan het acute wijkteam.'),
    button);
}

/**
 * The stay clock and the discharge, in the placement card.
 * @param {Case} body
 */
function stayView(body) {
  if (body.discharge) {
    return el('p', {}, `Ontslagen ${dischargeLabels[body.discharge.dischargedTo] ?? body.discharge.dischargedTo} (${localTime(body.discharge.at)})`,
      body.discharge.note ? [el('br'), `Overdracht: ${body.discharge.note}`] : null);
  }
  if (body.status !== 'admission_confirmed') return null;
  if (!body.stayEndsAt) return el('p', { class: 'muted' }, 'Geen maximale verblijfsduur op deze afdeling');
  const ended = body.stayEndsAt <= new Date().toISOString();
  return el('p', { class: ended ? 'alarm' : '' }, ended
    ? `Maximale verblijfsduur (${body.maxStayDays} dagen) verstreken op ${localTime(body.stayEndsAt)}: ontslag of verlenging regelen`
    : `Maximale verblijfsduur ${body.maxStayDays} dagen: tot ${localTime(body.stayEndsAt)}`);
}

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
      correction: correctionFields(L),
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
        el('p', { class: 'muted' }, `Triageboom ${d.treeVersion}; regels ${d.ruleIds.join(', ')}`),
        amendmentsView(L, body)]
        : el('p', { class: 'muted' }, 'Triage loopt…')),
    continuityCard(L, body.continuity),
    p ? el('div', { class: 'card' }, el('h2', {}, 'Plaatsing'),
      el('p', {}, p.destination === 'coordinator' ? 'Geen plek gevonden: de coördinator heeft de regie.'
        : `${heading(L.destinations, p.destination)}${placedAt ? ` · ${placedAt}` : ''}`),
      body.hold && body.status === 'bed_held' ? el('p', {}, body.hold.awaitingSo ? 'Bed vastgehouden; eerst het akkoord van de SO, dan de opname' : `Bed vastgehouden tot ${localTime(body.hold.expiresAt)}`) : null,
      stayView(body),
      // Home: the district team confirms through its SMS link (and FACT-VVT with the tree's flag).
      p.destination === 'home' && body.timeline.some((t) => t.step === 'notified') ? el('p', { class: 'team-status' }, teamStatus(body.timeline, 'district_team', 'Wijkteam')) : null,
      p.destination === 'home' && body.timeline.some((t) => t.step.startsWith('fact_vvt_') || /FACT-VVT/.test(t.detail ?? '')) ? el('p', { class: 'team-status' }, teamStatus(body.timeline, 'fact_vvt', 'FACT-VVT-team')) : null,
      tried.length ? el('p', { class: 'muted' }, 'Geprobeerd: ' + tried.join(', ')) : null) : null,
    finalStatuses.includes(body.status) && open ? null : el('div', { class: 'card' }, el('h2', {}, 'Acties'), v.error,
      body.status === 'bed_held' && !body.hold?.awaitingSo ? actionButton(v, 'Opname bevestigen', `/cases/${caseId}/admission`, reload) : null,
      body.status === 'admission_confirmed' ? dischargeForm(v, caseId, reload) : null,
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
    signedIn()?.role === 'coordinator' && d && d.destination !== 'call_112' && correctableStatuses.includes(body.status) && !body.hold?.awaitingSo
      ? correctionForm(v, caseId, reload) : null,
    el('div', { class: 'card' }, el('h2', {}, 'Tijdlijn'),
      el('ol', { class: 'timeline' }, body.timeline.map((t) =>
        el('li', {}, `${localTime(t.at)} — ${t.detail ?? t.step} (${role(t.by)})`)))));
  poll();
}
