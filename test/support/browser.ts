import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';

/**
 * Chromium for the browser tests, and signing in as the seeded people of the local stack:
 * through the sign-in page (/aanmelden) as a user does, or for a direct API call a token
 * from the local sign-in.
 * Refuses to run without /usr/bin/chromium (.ci/run installs it), rather than skipping.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** As people in the region see it. */
export const dutch = { timezoneId: 'Europe/Amsterdam', locale: 'nl-NL' } as const;
export const phone = { ...dutch, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

export interface LocalUser {
  username: string;
  role: string;
  roleLabel: string;
  name: string;
  region: string;
  facilityId?: string;
  district?: string;
}

/** The people the local sign-in offers (GET /local/users). */
export async function localUsers(stack: LocalStack): Promise<LocalUser[]> {
  const res = await fetch(`${stack.url}/local/users`);
  if (res.status !== 200) throw new Error(`GET /local/users: ${res.status}`);
  return (await res.json()) as LocalUser[];
}

export async function localUser(stack: LocalStack, username: string): Promise<LocalUser> {
  const user = (await localUsers(stack)).find((u) => u.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  return user;
}

/**
 * Signs in through the sign-in page: there already (the app sent the page there) or goes
 * there, picks the person by name, and waits until the app has gone on and shows who is in.
 */
export async function signIn(page: Page, stack: LocalStack, username: string): Promise<LocalUser> {
  const user = await localUser(stack, username);
  if (new URL(page.url()).pathname !== '/aanmelden') await page.goto(`${stack.url}/aanmelden`);
  await page.locator('button.user').filter({ has: page.getByText(user.name, { exact: true }) }).click();
  await page.waitForURL((url) => url.pathname !== '/aanmelden');
  await page.locator('header').getByText(`Aangemeld als ${user.name}`).waitFor();
  return user;
}

/** The header's sign-out button; the app goes to the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.waitForURL((url) => url.pathname === '/aanmelden');
}

/** A bearer token for `username`, from the local sign-in (as the sign-in page gets it). */
export async function tokenFor(stack: LocalStack, username: string): Promise<string> {
  const res = await fetch(`${stack.url}/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
  if (res.status !== 200) throw new Error(`POST /local/sign-in ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** `fetch` on the stack as `username`: JSON, with their token. */
export async function apiAs(stack: LocalStack, username: string) {
  const token = await tokenFor(stack, username);
  return (path: string, init: RequestInit = {}) =>
    fetch(`${stack.url}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
}

/** The facility holding the case's bed (as the coordinator reads the case): its transfer nurse is `tvp-<facility>`. */
export async function heldAt(stack: LocalStack, caseId: string): Promise<string> {
  const res = await (await apiAs(stack, 'coordinator-rotterdam'))(`/cases/${encodeURIComponent(caseId)}`);
  const facilityId = ((await res.json()) as { hold?: { facilityId: string } }).hold?.facilityId;
  if (!facilityId) throw new Error(`case ${caseId} holds no bed (GET ${res.status})`);
  return facilityId;
}

/** Where the browser tests put their screenshots (ignored by git). */
export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');

/** A full-page screenshot into the screenshot directory. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
