// @ts-check
// The referral form (/): its questions come from the triage tree, grouped as the referral is.
import { el, show } from '../lib/dom.js';
import { post } from '../lib/api.js';
import { label, triageTree } from '../lib/labels.js';
import { referringRoles, signedIn } from '../lib/session.js';

/**
 * @typedef {import('../lib/labels.js').Question} Question
 * @typedef {import('../lib/router.js').PageContext} PageContext
 */

/** Now, as an ISO date-time with the browser's offset: "2026-11-23T14:00:00+01:00". */
function localIsoNow() {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  /** @param {number} n */
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}

/** @param {Question} q */
function input(q) {
  const id = q.fact;
  if (q.type === 'boolean') {
    // An optional fact with a default (tree v2's new facts) may stay unanswered: not sent, it counts as the default.
    const fallback = /** @type {{ default?: unknown }} */ (q).default;
    const unanswered = typeof fallback === 'boolean' ? `— niet ingevuld: telt als ${fallback ? 'ja' : 'nee'} —` : '— kies —';
    return el('select', { id, name: id }, el('option', { value: '' }, unanswered), el('option', { value: 'true' }, 'ja'), el('option', { value: 'false' }, 'nee'));
  }
  if (q.type === 'enum') {
    return el('select', { id, name: id }, el('option', { value: '' }, '— kies —'), (q.options ?? []).map((o) => el('option', { value: o.value }, o.label)));
  }
  if (q.type === 'integer') return el('input', { id, name: id, type: 'number', min: '0', max: '130' });
  if (q.type === 'datetime') return el('input', { id, name: id, type: 'text', value: localIsoNow() });
  // A phone number (the patient's GP practice): the phone keyboard on a mobile.
  if (id.endsWith('Phone')) return el('input', { id, name: id, type: 'tel', autocomplete: 'off' });
  return el('input', { id, name: id, type: 'text' });
}

/**
 * The referral as the API takes it: per group the answered facts, typed; empty optional ones left out.
 * @param {HTMLFormElement} form
 * @param {Question[]} questions
 */
function collect(form, questions) {
  /** @type {Record<string, Record<string, string | number | boolean>>} */
  const referral = { patient: {}, acp: {}, presentation: {}, referrer: {} };
  for (const q of questions) {
    const field = /** @type {HTMLInputElement | HTMLSelectElement} */ (form.elements.namedItem(q.fact));
    const raw = field.value.trim();
    if (raw === '' && q.optional) continue;
    const [group = '', key = ''] = q.fact.split('.');
    /** @type {string | number | boolean | undefined} */
    let value = raw;
    if (q.type === 'boolean') value = raw === '' ? undefined : raw === 'true';
    else if (q.type === 'integer') value = raw === '' ? undefined : Number(raw);
    else if (raw === '') value = undefined;
    if (value !== undefined) (referral[group] ??= {})[key] = value;
  }
  return referral;
}

/**
 * Who does not refer lands here too (the start page): where to go instead of the form.
 * @param {import('../lib/labels.js').Labels} labels
 * @param {string} role
 */
function notReferring(labels, role) {
  const menu = [...document.querySelectorAll('header nav a:not([hidden])')].map((a) => a.textContent ?? '').filter(Boolean);
  return [el('h1', {}, 'Verkeerstoren acute ouderenzorg'),
    el('div', { class: 'card' },
      el('p', {}, `Een verwijzing sturen huisartsen en triagisten van de huisartsenpost; u bent aangemeld als ${label(labels.roles, role)}.`),
      menu.length ? el('p', {}, `Kies in het menu bovenaan: ${menu.join(', ')}.`) : null)];
}

/** @param {PageContext} ctx */
export async function render(ctx) {
  const tree = await triageTree({ fresh: true });
  if (!ctx.active()) return;
  const role = signedIn()?.role ?? '';
  if (!referringRoles.includes(role)) return show(notReferring(tree.labels, role));
  const groups = tree.labels.groups;
  const byGroup = Object.keys(groups).map((g) => /** @type {const} */ ([g, tree.questions.filter((q) => q.fact.startsWith(`${g}.`))]));
  const status = el('p', { class: 'muted' });
  const button = el('button', { type: 'submit' }, 'Verwijzing versturen');
  const form = el('form', { novalidate: true },
    el('h1', {}, 'Nieuwe verwijzing'),
    el('p', { class: 'muted' }, `${tree.title}. Levensbedreigend? Bel direct 112.`),
    byGroup.map(([g, qs]) => el('fieldset', {}, el('legend', {}, groups[g]),
      qs.map((q) => el('div', { class: 'field', 'data-fact': q.fact },
        el('label', { for: q.fact }, q.label + (q.optional ? ' (optioneel)' : '')), input(q),
        q.help ? el('small', {}, q.help) : null)))),
    button, status);
  // The API takes the referrer's role from the token; the tree still asks, so it starts as the signed-in one.
  const referrer = form.elements.namedItem('referrer.role');
  if (referrer instanceof window.HTMLSelectElement && [...referrer.options].some((o) => o.value === role)) referrer.value = role;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.error').forEach((n) => n.remove());
    form.querySelectorAll('.invalid').forEach((n) => n.classList.remove('invalid'));
    button.disabled = true;
    status.textContent = 'Versturen…';
    /** @type {import('../lib/api.js').ApiResult<{ caseId: string }>} */
    const res = await post('/referrals', collect(form, tree.questions));
    button.disabled = false;
    if (res.status === 201) return ctx.navigate(`/casus/${res.body.caseId}`);
    const errors = res.body.errors;
    if (res.status === 400 && errors) {
      status.textContent = `Controleer ${errors.length} veld(en).`;
      for (const err of errors) {
        const field = form.querySelector(`[data-fact="${err.path}"]`);
        if (field) { field.classList.add('invalid'); field.append(el('span', { class: 'error' }, err.message)); }
        else status.append(el('div', { class: 'error' }, `${err.path}: ${err.message}`));
      }
      return;
    }
    status.textContent = res.status === 403 ? `Geen toegang: ${res.body.message ?? 'u mag met uw rol niet verwijzen.'}` : res.body.message ?? `Fout ${res.status}`;
  });
  show(form);
}
