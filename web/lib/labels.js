// @ts-check
// The Dutch labels come with the triage tree (GET /triage-tree): fetched once, then cached.
import { api } from './api.js';

/**
 * @typedef {{
 *   destinations: Record<string, string>, statuses: Record<string, string>, groups: Record<string, string>,
 *   roles: Record<string, string>, placementReasons: Record<string, string>, facilityKinds: Record<string, string>,
 * }} Labels
 * @typedef {{ value: string, label: string }} Option
 * @typedef {{ fact: string, label: string, type: string, help?: string, optional?: boolean, options?: Option[] }} Question
 * @typedef {{ region: string, version: string, title: string, questions: Question[], labels: Labels }} TriageTree
 */

/** @type {Promise<TriageTree> | undefined} */
let cached;

/**
 * The current triage tree with its labels. `fresh` fetches it again (the form does, so a new
 * tree version shows without a reload); a failed fetch is not kept, the next call tries again.
 * @param {{ fresh?: boolean }} [options]
 * @returns {Promise<TriageTree>}
 */
export function triageTree({ fresh = false } = {}) {
  if (!cached || fresh) {
    const request = api('/triage-tree').then(({ status, body }) => {
      if (status !== 200) throw new Error(body.message ?? `Fout ${status} bij het laden van de triageboom`);
      return /** @type {TriageTree} */ (body);
    });
    cached = request;
    request.catch(() => { if (cached === request) cached = undefined; });
  }
  return cached;
}

/** @returns {Promise<Labels>} */
export const loadLabels = async () => (await triageTree()).labels;

/**
 * A label, or the key itself when there is none (a status added since, say).
 * @param {Record<string, string>} labels
 * @param {string} key
 */
export const label = (labels, key) => labels[key] ?? key;

/**
 * A label that starts a line or a cell: "wijkkliniek" shows as "Wijkkliniek".
 * @param {Record<string, string>} labels
 * @param {string} key
 */
export const heading = (labels, key) => {
  const text = label(labels, key);
  return text.charAt(0).toUpperCase() + text.slice(1);
};
