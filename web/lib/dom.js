// @ts-check
// Building DOM nodes without a framework: el() for one element, show() for the page.

/** @typedef {Node | string | null | undefined | false | ReadonlyArray<Node | string | null | undefined | false>} Child */
/** @typedef {Record<string, string | boolean | undefined | ((event: any) => void)>} Attrs */

/**
 * An element with attributes (`on…` ones become listeners; `true` is an empty attribute,
 * `false` and undefined leave it out) and children (nested one level; nulls skipped).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

/**
 * Replaces the page content; skips the nulls of conditional parts.
 * @param {...Child} nodes
 */
export function show(...nodes) {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
}

/**
 * A date and time as people in the region read it.
 * @param {string} iso
 * @param {Intl.DateTimeFormatOptions} [options]
 */
export const localTime = (iso, options = {}) => new Date(iso).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', ...options });
