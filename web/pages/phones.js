// @ts-check
// Phones (/telefoons): the local SMS outbox as one phone per recipient, links working.
import { el, show } from '../lib/dom.js';
import { publicApi } from '../lib/api.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {{ to: string, recipient: string, body: string, caseId?: string, sentAt: string }} Sms
 */

/** The phones stand for what people receive: no sign-in (nor does an SMS link need one). */
export const publicPage = true;

/** @param {PageContext} ctx */
export async function render(ctx) {
  /** @type {import('../lib/api.js').ApiResult<Sms[]>} */
  const { status, body } = await publicApi('/local/outbox');
  if (!ctx.active()) return;
  if (status !== 200 || !Array.isArray(body)) {
    // Only the local stack has an outbox; deployed, the texts go to real phones.
    return show(el('h1', {}, 'Telefoons'), el('p', {}, 'Deze pagina hoort bij de lokale omgeving (npm start). Hier gaan sms-berichten naar echte telefoons.'));
  }
  /** @type {Map<string, Sms[]>} */
  const byPhone = new Map();
  for (const m of body) byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m]);
  show(el('h1', {}, 'Telefoons'),
    el('p', { class: 'muted' }, 'Lokaal verstuurt het systeem geen sms; dit is wat elke ontvanger zou krijgen.'),
    byPhone.size === 0 ? el('p', {}, 'Nog geen berichten.') : null,
    el('div', { class: 'phones' }, [...byPhone].map(([to, msgs]) => el('div', { class: 'phone' },
      el('h3', {}, `${msgs[0]?.recipient} · ${to}`),
      msgs.map((m) => el('div', { class: 'sms' }, m.body.split(/(https?:\/\/\S+)/).map((part) =>
        /^https?:/.test(part) ? el('a', { href: part }, part) : part)))))));
  ctx.later(() => render(ctx), 2000);
}
