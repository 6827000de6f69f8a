// @ts-check
// The API under the same origin as the page; JSON in and out.

/** @typedef {{ message?: string, errors?: Array<{ path: string, message: string }> }} ApiError */

/**
 * The answer's status and JSON body (an empty object when it has none). The body is typed as
 * what success returns; on an error status only the ApiError fields are there.
 * @template [T=unknown]
 * @typedef {{ status: number, body: T & ApiError }} ApiResult
 */

/**
 * @template [T=unknown]
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<ApiResult<T>>}
 */
export async function api(path, init) {
  const res = await fetch(path, { headers: { 'content-type': 'application/json' }, ...init });
  const body = await res.json().catch(() => ({}));
  return { status: res.status, body };
}

/**
 * A POST with a JSON body.
 * @template [T=unknown]
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<ApiResult<T>>}
 */
export const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
