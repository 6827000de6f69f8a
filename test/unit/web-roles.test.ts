import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeActions } from '../../functions/domain/access-policy';
import { clinicalRoles } from '../../functions/domain/principal';

/**
 * The web app has no build step, so its role lists are written out: they must say what the
 * API enforces (the API decides; a list that lags hides a link or the break-the-glass form
 * from a role that may use it, as a new role would show).
 */
const web = (path: string) => readFileSync(new URL(`../../web/${path}`, import.meta.url), 'utf8');

describe('the role lists of the web app', () => {
  it('offer break the glass to the clinical roles of the domain', () => {
    const listed = /export const clinicalRoles = \[([^\]]*)\]/.exec(web('lib/session.js'))?.[1] ?? '';
    expect([...listed.matchAll(/'([a-z_]+)'/g)].map((m) => m[1])).toEqual([...clinicalRoles]);
  });

  it('show each menu link to the roles the route allows', () => {
    const nav = Object.fromEntries([...web('index.html').matchAll(/<a href="([^"]*)" data-link data-roles="([^"]*)"/g)].map((m) => [m[1], (m[2] ?? '').split(' ')]));
    expect(nav).toEqual({
      '/': [...routeActions.create_referral],
      '/casussen': [...routeActions.list_cases],
      '/dashboard': [...routeActions.read_figures],
      '/bedden': [...routeActions.read_facilities],
    });
  });
});
