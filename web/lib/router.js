// @ts-check
// The router: web/pages.json names the app's paths and prefixes (the local server and the
// CloudFront function read the same lists) and, per path or prefix, its module in web/pages/.
import { el, show } from './dom.js';
import { currentSession, signInPath } from './session.js';
import { renderHeader } from './header.js';

/**
 * @typedef {{ paths: string[], prefixes: string[], modules: Record<string, string> }} Pages
 *
 * What a page gets from the router. `param` is the rest of the path after a prefix (decoded),
 * `active()` stays true until the user goes to another page (check it after each await),
 * `later(fn, ms)` is the page's one timer for polling (cleared when the user leaves), and
 * `stop()` clears it.
 * @typedef {{
 *   param: string, active: () => boolean, later: (fn: () => unknown, ms: number) => void,
 *   stop: () => void, navigate: (path: string, options?: { replace?: boolean }) => void,
 * }} PageContext
 *
 * A page is for signed-in users unless it says `publicPage` (the sign-in page, the local phones).
 * @typedef {{ render: (ctx: PageContext) => unknown, publicPage?: boolean }} PageModule
 */

/** @type {Promise<Pages> | undefined} */
let pages;
/** pages.json, fetched once (again after a failure). */
function loadPages() {
  if (!pages) {
    const request = fetch('/pages.json').then((res) => {
      if (!res.ok) throw new Error(`pages.json: ${res.status}`);
      return /** @type {Promise<Pages>} */ (res.json());
    });
    request.catch(() => { if (pages === request) pages = undefined; });
    pages = request;
  }
  return pages;
}

/**
 * The module and parameter for a path; what is not an app route shows the referral form, as before.
 * @param {Pages} table
 * @param {string} pathname
 */
function match(table, pathname) {
  if (table.paths.includes(pathname)) return { module: table.modules[pathname], param: '' };
  const prefix = table.prefixes.find((p) => pathname.startsWith(p));
  if (prefix) return { module: table.modules[prefix], param: decodeURIComponent(pathname.slice(prefix.length)) };
  return { module: table.modules['/'], param: '' };
}

let current = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

async function route() {
  clearTimeout(timer);
  const generation = ++current;
  const active = () => generation === current;
  let page;
  try {
    const found = match(await loadPages(), location.pathname);
    if (!found.module) throw new Error(`pages.json: geen module voor ${location.pathname}`);
    const module = /** @type {PageModule} */ (await import(`../pages/${found.module}.js`));
    if (!active()) return;
    // Not signed in (or the token expired): sign in first, then back to this page.
    if (!module.publicPage && !currentSession()) return navigate(signInPath(), { replace: true });
    page = module;
    renderHeader();
    /** @type {PageContext} */
    const ctx = {
      param: found.param,
      active,
      later: (fn, ms) => { if (active()) { clearTimeout(timer); timer = setTimeout(fn, ms); } },
      stop: () => { if (active()) clearTimeout(timer); },
      navigate,
    };
    await page.render(ctx);
  } catch (error) {
    if (!active() || page) throw error; // a page's own failure is the page's
    show(el('p', { class: 'error', role: 'alert' }, 'Deze pagina kon niet worden geladen; probeer het opnieuw.'));
    throw error;
  }
}

/**
 * @param {string} path
 * @param {{ replace?: boolean }} [options] `replace`: this page leaves the history (a redirect)
 */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  void route();
}

/** Follows in-app links (`data-link`) without a reload, and the browser's back and forward. */
export function startRouter() {
  document.addEventListener('click', (e) => {
    // A click lands on an element (or text inside one, whose target is the element).
    const a = /** @type {Element | null} */ (e.target)?.closest?.('a[data-link]');
    const href = a?.getAttribute('href');
    if (href) { e.preventDefault(); navigate(href); }
  });
  window.addEventListener('popstate', () => void route());
  void route();
}
