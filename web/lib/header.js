// @ts-check
// The header: who is signed in and as what, a sign-out button, and only the links the role uses
// (display only: the API decides what each role may).
import { el } from './dom.js';
import { loadLabels } from './labels.js';
import { navigate } from './router.js';
import { authConfig, clearSession, signedIn, signInPath, storedRoleLabel } from './session.js';

/**
 * The role's label: the triage tree's labels once signed in, else the one kept at sign-in.
 * @param {string} role
 * @param {HTMLElement} target
 */
async function showRoleLabel(role, target) {
  target.textContent = storedRoleLabel() ?? role;
  try {
    const fromTree = (await loadLabels()).roles?.[role];
    if (fromTree) target.textContent = fromTree;
  } catch {
    // The label kept at sign-in stays.
  }
}

/** Clears the token; with Cognito, also ends the session there (it comes back to the start page). */
async function signOut() {
  clearSession();
  try {
    const config = await authConfig();
    if (config.mode === 'cognito') {
      const logout = new window.URL(`${config.domain}/logout`);
      logout.searchParams.set('client_id', config.clientId);
      logout.searchParams.set('logout_uri', `${location.origin}/`);
      return location.assign(logout.toString());
    }
  } catch {
    // Without the configuration the token is still gone here.
  }
  navigate('/aanmelden');
}

/** Shows the signed-in user and the links for their role; the router calls it on every page. */
export function renderHeader() {
  const user = signedIn();
  for (const a of document.querySelectorAll('header nav a')) {
    const roles = a.getAttribute('data-roles');
    const hidden = (roles !== null || a.hasAttribute('data-signed-in')) && (!user || (roles !== null && !roles.split(' ').includes(user.role)));
    a.toggleAttribute('hidden', hidden);
  }
  const box = document.getElementById('session');
  if (!box) return;
  if (!user) {
    box.replaceChildren(location.pathname === '/aanmelden' ? '' : el('a', { href: signInPath(), 'data-link': true }, 'Aanmelden'));
    return;
  }
  const role = el('span', { class: 'role' });
  void showRoleLabel(user.role, role);
  box.replaceChildren(
    el('span', { class: 'who' }, 'Aangemeld als ', el('strong', {}, user.name), ' · ', role),
    el('button', { type: 'button', class: 'signout', onclick: () => void signOut() }, 'Afmelden'));
}
