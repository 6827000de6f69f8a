// @ts-check
// Who is signed in: the bearer token and its expiry, kept in sessionStorage (per tab, gone when
// the tab closes). The token's claims are read for display only; the API decides what may.

/**
 * @typedef {{ token: string, expiresAt: string, roleLabel?: string }} Session
 * @typedef {{ username: string, name: string, role: string, region?: string, facility?: string, district?: string }} SignedIn
 * @typedef {{ mode: 'local' } | { mode: 'cognito', domain: string, clientId: string, scopes: string[] }} AuthConfig
 */

const key = 'verkeerstoren.sessie';
/** Roles that treat patients: they may ask for access with a reason ("break the glass"). */
export const clinicalRoles = ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt'];
/** Roles that refer (the form's referrer.role options). */
export const referringRoles = ['gp', 'hap_triagist'];

/** @returns {Session | undefined} the stored session, expired or not */
function stored() {
  try {
    const s = JSON.parse(window.sessionStorage.getItem(key) ?? 'null');
    return s && typeof s.token === 'string' && typeof s.expiresAt === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** @param {Session} session */
export const saveSession = (session) => window.sessionStorage.setItem(key, JSON.stringify(session));
export const clearSession = () => window.sessionStorage.removeItem(key);

/** The session while its token is valid (with a few seconds to spare), else undefined. */
export function currentSession() {
  const s = stored();
  return s && Date.parse(s.expiresAt) - 10_000 > Date.now() ? s : undefined;
}

/** The bearer token, when there is a valid one. */
export const bearerToken = () => currentSession()?.token;

/**
 * A JWT's payload, decoded (not verified: only to show who is signed in).
 * @param {string} jwt
 * @returns {Record<string, unknown>}
 */
export function jwtPayload(jwt) {
  try {
    const part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(window.atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new window.TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? payload : {};
  } catch {
    return {};
  }
}

/** @param {unknown} v */
const text = (v) => (typeof v === 'string' && v ? v : undefined);

/** @returns {SignedIn | undefined} who is signed in, from the token's claims */
export function signedIn() {
  const s = currentSession();
  if (!s) return undefined;
  const c = jwtPayload(s.token);
  const groups = Array.isArray(c['cognito:groups']) ? c['cognito:groups'] : [];
  const username = text(c['cognito:username']) ?? text(c.sub) ?? '';
  return {
    username,
    name: text(c.name) ?? username,
    role: text(groups[0]) ?? '',
    region: text(c['custom:region']),
    facility: text(c['custom:facility']),
    district: text(c['custom:district']),
  };
}

/** The role's label kept at sign-in (from /local/users), for when the triage tree has none. */
export const storedRoleLabel = () => currentSession()?.roleLabel;

/**
 * Where to go after signing in: a path on this site, never another origin, never the sign-in page.
 * @param {string | null | undefined} terug
 */
export function safeReturnPath(terug) {
  if (!terug || !terug.startsWith('/') || terug.startsWith('//') || terug.startsWith('/\\')) return '/';
  try {
    const url = new window.URL(terug, location.origin);
    if (url.origin !== location.origin || url.pathname === '/aanmelden') return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}

/** The sign-in page, returning to the current page afterwards. */
export function signInPath() {
  const here = location.pathname + location.search;
  return here === '/' || location.pathname === '/aanmelden' ? '/aanmelden' : `/aanmelden?terug=${encodeURIComponent(here)}`;
}

/** @type {Promise<AuthConfig> | undefined} */
let config;
/** GET /auth-config.json, once (again after a failure). */
export function authConfig() {
  if (!config) {
    const request = fetch('/auth-config.json', { headers: { accept: 'application/json' } }).then(async (res) => {
      if (!res.ok) throw new Error(`auth-config.json: ${res.status}`);
      return /** @type {AuthConfig} */ (await res.json());
    });
    request.catch(() => { if (config === request) config = undefined; });
    config = request;
  }
  return config;
}
