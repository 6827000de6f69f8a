// @ts-check
// The API under the same origin as the page; JSON in and out, with the signed-in user's token.
// Without a valid token, or when the API answers 401, the user goes to the sign-in page first
// and comes back to this page afterwards.
import { navigate } from './router.js';
import { bearerToken, clearSession, signInPath } from './session.js';

/** @typedef {{ message?: string, errors?: Array<{ path: string, message: string }> }} ApiError */

/**
 * The answer's status and JSON body (an empty object when it has none). The body is typed as
 * what success returns; on an error status only the ApiError fields are there.
 * @template [T=unknown]
 * @typedef {{ status: number, body: T & ApiError }} ApiResult
 */

/** To the sign-in page, once (several calls may fail together), replacing this page in the history. */
function toSignIn() {
  if (location.pathname !== '/aanmelden') navigate(signInPath(), { replace: true });
}

/**
 * @template [T=unknown]
 * @param {string} path
 * @param {RequestInit} [init]
 * @param {string} [token]
 * @returns {Promise<ApiResult<T>>}
 */
async function request(path, init = {}, token) {
  const headers = new window.Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  return { status: res.status, body };
}

/**
 * An API call as the signed-in user. Not signed in (or the token expired, or the API says 401):
 * to the sign-in page, and a 401 result for the page (which is no longer shown by then).
 * @template [T=unknown]
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<ApiResult<T>>}
 */
export async function api(path, init) {
  const token = bearerToken();
  if (!token) {
    toSignIn();
    return { status: 401, body: /** @type {T & ApiError} */ ({ message: 'Niet aangemeld' }) };
  }
  /** @type {ApiResult<T>} */
  const res = await request(path, init, token);
  if (res.status === 401) {
    clearSession();
    toSignIn();
  }
  return res;
}

/**
 * A call that needs no token (the sign-in itself, the local outbox).
 * @template [T=unknown]
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<ApiResult<T>>}
 */
export const publicApi = (path, init) => request(path, init);

/**
 * A POST with a JSON body.
 * @template [T=unknown]
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<ApiResult<T>>}
 */
export const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
