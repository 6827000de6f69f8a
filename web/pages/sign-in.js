// @ts-check
// The sign-in page (/aanmelden). Locally (npm start) the user picks one of the seeded users; in
// AWS it is Cognito's authorization code flow with PKCE. Afterwards back to `?terug=` (a path here).
import { el, show } from '../lib/dom.js';
import { publicApi } from '../lib/api.js';
import { authConfig, jwtPayload, safeReturnPath, saveSession, signedIn } from '../lib/session.js';

/**
 * @typedef {import('../lib/router.js').PageContext} PageContext
 * @typedef {{ username: string, role: string, roleLabel: string, name: string, region: string, facilityId?: string, district?: string }} LocalUser
 * @typedef {Extract<import('../lib/session.js').AuthConfig, { mode: 'cognito' }>} CognitoConfig
 */

export const publicPage = true;
const pkceKey = 'verkeerstoren.pkce';

/** @param {string} message */
const failure = (message) => el('p', { class: 'error', role: 'alert' }, message);

/** @param {string | null} terug */
function alreadySignedIn(terug) {
  const user = signedIn();
  return user ? el('p', { class: 'muted' }, `U bent aangemeld als ${user.name}. `,
    el('a', { href: safeReturnPath(terug), 'data-link': true }, 'Verder'), ' of meld u hieronder opnieuw aan.') : null;
}

/** @param {Uint8Array} bytes */
const base64url = (bytes) => window.btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** @param {number} n */
const randomString = (n) => base64url(window.crypto.getRandomValues(new Uint8Array(n)));

/**
 * Locally: a list of the seeded users; picking one signs in as them.
 * @param {PageContext} ctx
 * @param {string | null} terug
 */
async function localSignIn(ctx, terug) {
  /** @type {import('../lib/api.js').ApiResult<LocalUser[]>} */
  const { status, body } = await publicApi('/local/users');
  if (!ctx.active()) return;
  if (status !== 200 || !Array.isArray(body)) return show(el('h1', {}, 'Aanmelden'), failure('De gebruikers konden niet worden geladen; probeer het opnieuw.'));
  const error = failure('');
  /** @param {LocalUser} u */
  const choose = async (u) => {
    buttons.forEach((b) => { b.disabled = true; });
    /** @type {import('../lib/api.js').ApiResult<{ token: string, expiresAt: string }>} */
    const res = await publicApi('/local/sign-in', { method: 'POST', body: JSON.stringify({ username: u.username }) });
    buttons.forEach((b) => { b.disabled = false; });
    if (res.status !== 200) { error.textContent = res.body.message ?? `Aanmelden mislukt (${res.status})`; return; }
    saveSession({ token: res.body.token, expiresAt: res.body.expiresAt, roleLabel: u.roleLabel });
    ctx.navigate(safeReturnPath(terug), { replace: true });
  };
  const where = (/** @type {LocalUser} */ u) => u.facilityId ?? u.district ?? (u.region ? u.region.charAt(0).toUpperCase() + u.region.slice(1) : '');
  const buttons = body.map((u) => el('button', { type: 'button', class: 'user', 'data-username': u.username, onclick: () => void choose(u) },
    el('strong', {}, u.name), ' ', el('span', {}, [u.roleLabel, where(u)].filter(Boolean).join(' · '))));
  // Per role, in the order the list has them.
  const roles = [...new Set(body.map((u) => u.role))];
  show(el('h1', {}, 'Aanmelden'),
    el('p', { class: 'muted' }, 'Lokale omgeving: kies met wie u zich aanmeldt. In de regio meldt u zich aan met uw eigen account.'),
    alreadySignedIn(terug), error,
    roles.map((role) => {
      const people = body.flatMap((u, i) => (u.role === role ? [buttons[i]] : []));
      const title = body.find((u) => u.role === role)?.roleLabel ?? role;
      return el('section', { class: 'role-group' }, el('h2', {}, `${title.charAt(0).toUpperCase()}${title.slice(1)}`),
        el('ul', { class: 'users' }, people.map((b) => el('li', {}, b))));
    }));
}

/**
 * To Cognito's sign-in page, with a PKCE challenge and a state to check on return.
 * @param {CognitoConfig} config
 * @param {string | null} terug
 */
async function toCognito(config, terug) {
  const verifier = randomString(32);
  const state = randomString(16);
  const digest = await window.crypto.subtle.digest('SHA-256', new window.TextEncoder().encode(verifier));
  window.sessionStorage.setItem(pkceKey, JSON.stringify({ verifier, state, terug }));
  const url = new window.URL(`${config.domain}/oauth2/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: config.clientId, redirect_uri: `${location.origin}/aanmelden`, scope: config.scopes.join(' '),
    code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256', state,
  })) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/**
 * Back from Cognito with `?code=…&state=…`: the state must be ours; the code becomes tokens.
 * @param {PageContext} ctx
 * @param {CognitoConfig} config
 * @param {URLSearchParams} params
 * @returns {Promise<string | undefined>} what went wrong, if anything
 */
async function fromCognito(ctx, config, params) {
  /** @type {{ verifier?: string, state?: string, terug?: string | null }} */
  let pending = {};
  try { pending = JSON.parse(window.sessionStorage.getItem(pkceKey) ?? '{}') ?? {}; } catch { /* none */ }
  window.sessionStorage.removeItem(pkceKey);
  if (!pending.verifier || !pending.state || pending.state !== params.get('state')) return 'De aanmelding hoort niet bij deze pagina. Probeer het opnieuw.';
  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code') ?? '',
      redirect_uri: `${location.origin}/aanmelden`, code_verifier: pending.verifier,
    }).toString(),
  }).catch(() => undefined);
  const tokens = res?.ok ? await res.json().catch(() => ({})) : {};
  const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : '';
  const exp = Number(jwtPayload(idToken).exp);
  if (!idToken || !exp) return `Aanmelden mislukt${res ? ` (${res.status})` : ''}. Probeer het opnieuw.`;
  saveSession({ token: idToken, expiresAt: new Date(exp * 1000).toISOString() });
  if (ctx.active()) ctx.navigate(safeReturnPath(pending.terug), { replace: true });
  return undefined;
}

/**
 * @param {PageContext} ctx
 * @param {CognitoConfig} config
 * @param {URLSearchParams} params
 */
async function cognitoSignIn(ctx, config, params) {
  let problem = params.get('error') ? `Aanmelden mislukt: ${params.get('error_description') ?? params.get('error')}` : undefined;
  if (!problem && params.get('code')) {
    show(el('h1', {}, 'Aanmelden'), el('p', { class: 'muted' }, 'Bezig met aanmelden…'));
    problem = await fromCognito(ctx, config, params);
    if (!problem || !ctx.active()) return;
    history.replaceState({}, '', '/aanmelden');
  }
  const terug = problem ? null : params.get('terug');
  const button = el('button', { type: 'button', onclick: () => { button.disabled = true; void toCognito(config, terug); } }, 'Aanmelden');
  show(el('h1', {}, 'Aanmelden'), problem ? failure(problem) : null, alreadySignedIn(terug),
    el('p', {}, 'Meld u aan met het account dat uw organisatie voor de verkeerstoren heeft aangemaakt.'), button);
}

/** @param {PageContext} ctx */
export async function render(ctx) {
  ctx.stop();
  const params = new URLSearchParams(location.search);
  /** @type {import('../lib/session.js').AuthConfig} */
  let config;
  try {
    config = await authConfig();
  } catch {
    if (ctx.active()) show(el('h1', {}, 'Aanmelden'), failure('Het aanmelden kon niet worden geladen; probeer het opnieuw.'));
    return;
  }
  if (!ctx.active()) return;
  if (config.mode === 'cognito') return cognitoSignIn(ctx, config, params);
  return localSignIn(ctx, params.get('terug'));
}
