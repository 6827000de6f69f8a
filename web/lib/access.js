// @ts-check
// What a page shows when the API says 403, and the "break the glass" form: a clinical role may
// open a case it does not treat, with a reason, which the API logs for the privacy officer.
import { el } from './dom.js';
import { clinicalRoles, signedIn } from './session.js';

/**
 * "Geen toegang" with the API's message (which carries no patient data).
 * @param {string} title
 * @param {import('./api.js').ApiError} body
 */
export function noAccess(title, body) {
  const message = body.message || 'U hebt met uw rol geen toegang tot deze gegevens.';
  return [el('h1', {}, title),
    el('div', { class: 'card no-access', role: 'alert' }, el('h2', {}, 'Geen toegang'),
      el('p', {}, message.charAt(0).toUpperCase() + message.slice(1)))];
}

/** May the signed-in role ask for access with a reason? (The API decides whether it is granted.) */
export const mayBreakGlass = () => clinicalRoles.includes(signedIn()?.role ?? '');

/** The minimum length of a reason, as the API checks it. */
const minReason = 10;

/**
 * A header carries one line of Latin-1; a reason is sent as plain ASCII (accents dropped, other
 * characters as "?"), so that any proxy on the way passes it unchanged.
 * @param {string} reason
 */
export const headerSafe = (reason) => reason.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[‘’]/g, "'").replace(/[“”]/g, '"')
  .replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();

/**
 * The form "Toegang met reden (noodtoegang)". `open(reason)` re-sends the request with the
 * reason and answers an error message, or undefined when access was granted.
 * @param {(reason: string) => Promise<string | undefined>} open
 */
export function breakGlassForm(open) {
  const reason = el('input', { type: 'text', id: 'noodtoegang-reden', name: 'reason', minlength: String(minReason), required: true, autocomplete: 'off' });
  const error = el('p', { class: 'error', role: 'alert' });
  const button = el('button', { type: 'submit' }, 'Toegang met reden');
  const form = el('form', { class: 'card break-glass', novalidate: true },
    el('h2', {}, 'Toegang met reden (noodtoegang)'),
    el('p', {}, 'Behandelt u deze patiënt nu en hebt u de gegevens nodig? Geef de reden op. Deze toegang wordt vastgelegd en door de privacyfunctionaris gecontroleerd.'),
    el('p', { class: 'stack' }, el('label', { for: 'noodtoegang-reden' }, `Reden (minstens ${minReason} tekens)`), reason),
    error, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = headerSafe(reason.value);
    if (text.length < minReason) { error.textContent = `Geef een reden van minstens ${minReason} tekens.`; reason.focus(); return; }
    error.textContent = '';
    button.disabled = true;
    const problem = await open(text);
    button.disabled = false;
    if (problem) error.textContent = problem;
  });
  return form;
}
