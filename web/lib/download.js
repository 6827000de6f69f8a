// @ts-check
// A CSV download from the API: the request carries the bearer token, so it is fetched and saved
// through a temporary link rather than opened as a plain URL.
import { bearerToken } from './session.js';

/**
 * Fetches `path` as the signed-in user and saves it under the name the API gives.
 * Answers an error message, or undefined when the file was saved.
 * @param {string} path
 * @param {string} fallbackName
 * @returns {Promise<string | undefined>}
 */
export async function downloadCsv(path, fallbackName) {
  const token = bearerToken();
  if (!token) return 'Niet aangemeld';
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    return body.message ?? `Fout ${res.status}`;
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = window.URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => window.URL.revokeObjectURL(url), 10_000);
  return undefined;
}
