import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useClock } from '../../functions/adapters/deps';
import { systemClock } from '../../functions/domain/ports';
import type { LocalStack } from '../../local/local-stack';
import { putAll } from '../../local/seed';
import { period, seededHistory } from '../support/history';
import { startTestStack } from '../support/local-stack';
import { dutch, launchChromium, phone, screenshot, screenshotDir, signIn } from '../support/browser';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The coordinator's dashboard in Chromium, over the seeded history of November 2026 on the
 * sample region's bed board: change the period, see the charts (Chart.js, served from the
 * site itself), download a CSV, go through the weekly review, ask the what-if. Screenshots in
 * test-results/screenshots/; docs/dashboard.png in the README is one of them.
 */
let stack: LocalStack;
let browser: Browser;
let page: Page;
const strictPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'self'";

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack();
  await putAll('cases', seededHistory() as unknown as Array<Record<string, unknown>>);
  useClock({ now: () => new Date('2026-12-01T12:00:00Z') });
  page = await browser.newPage({ ...dutch, viewport: { width: 1280, height: 900 } });
  // As strict as the web stack's policy: no inline script or style, nothing from elsewhere. The
  // local server sends none, so the test adds it to every page, and counts what it blocks.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    if (headers['content-type']?.startsWith('text/html')) headers['content-security-policy'] = strictPolicy;
    await route.fulfill({ response, headers });
  });
  await page.addInitScript(`window.__blocked = []; document.addEventListener('securitypolicyviolation', (e) => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));`);
});
afterAll(async () => {
  useClock(systemClock);
  await browser?.close();
  await stack?.stop();
});

/** A screenshot of what is in view (or of one part), for the README. */
async function shot(target: Pick<Page, 'screenshot'>, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await target.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * Chart.js has drawn into every canvas on the page, and there are at least `count` (a string:
 * the tests' tsconfig has no DOM). Polled with page.evaluate, which the DevTools protocol runs
 * outside the page's CSP; waitForFunction evaluates its predicate inside the page, where the
 * strict policy (no 'unsafe-eval') refuses it now and then.
 */
async function chartsDrawn(p: Page, count: number) {
  const check = `(() => {
    const canvases = [...document.querySelectorAll('canvas')];
    return !!window.Chart && canvases.length >= ${count} && canvases.every((c) => window.Chart.getChart(c) && c.width > 0);
  })()`;
  const started = Date.now();
  while (!(await p.evaluate(check))) {
    if (Date.now() - started > 20_000) throw new Error(`fewer than ${count} charts drawn within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the dashboard', () => {
  it('the coordinator opens it, changes the period to November and sees the charts', async () => {
    await page.goto(`${stack.url}/aanmelden`);
    await signIn(page, stack, 'coordinator-rotterdam');
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await chartsDrawn(page, 4);
    await page.getByLabel('Van', { exact: true }).fill(period.from);
    await page.getByLabel('tot en met', { exact: true }).fill(period.to);
    await page.getByRole('button', { name: 'Toon' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('van') === period.from && url.searchParams.get('tot') === period.to);
    await page.getByRole('heading', { name: 'Cijfers 2026-11-02 t/m 2026-11-29, hele regio' }).waitFor();
    await chartsDrawn(page, 4);
    const keyFigures = page.locator('.key-figures');
    await shot(page, '19-dashboard-grafieken');
    expect(await keyFigures.textContent()).toContain('233');
    expect(await keyFigures.textContent()).toContain('81,4%');
    expect(await page.locator('section', { hasText: 'Passend maar geen bed' }).first().locator('table').textContent()).toMatch(/herstelkliniekx.*wijkkliniek12.*REO-bed<5/);
    // The weekly review of week 48: 25 cases.
    await page.locator('#week').fill('2026-W48');
    await page.locator('section', { hasText: 'Weekreview' }).getByRole('button', { name: 'Toon' }).click();
    await page.locator('table.review tbody tr').nth(24).waitFor();
    expect(await page.locator('table.review tbody tr').count()).toBe(25);
    await screenshot(page, '20-dashboard-coordinator');
  });

  it('downloads a table as CSV, with the token, under the API’s file name', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV passend maar geen bed' }).click()]);
    expect(download.suggestedFilename()).toBe('cijfers-fitButNoBed-2026-11-02-2026-11-29.csv');
  });

  it('answers "met N extra bedden per soort" for the bed board of now', async () => {
    await page.locator('#whatif-extra').fill('4');
    await page.locator('#whatif-days').fill('92');
    await page.getByRole('button', { name: 'Bereken' }).click();
    const result = page.locator('.whatif-result table');
    await result.waitFor();
    expect(await result.textContent()).toContain('Met 4 extra per soort');
    expect(await result.locator('tr', { hasText: 'Bedden wijkkliniek' }).textContent()).toBe('Bedden wijkkliniek3034');
    await chartsDrawn(page, 5);
    await shot(page.locator('section', { hasText: 'Wat als: met extra bedden' }), '21-dashboard-wat-als');
    expect(await page.evaluate('window.__blocked')).toEqual([]);
  });

  it('fits a phone, and the privacy officer sees the figures but not the review', async () => {
    const mobile = await browser.newContext(phone);
    const p = await mobile.newPage();
    await p.goto(`${stack.url}/aanmelden`);
    await signIn(p, stack, 'privacy-rotterdam');
    await p.goto(`${stack.url}/dashboard?van=${period.from}&tot=${period.to}`);
    await chartsDrawn(p, 4);
    await p.getByText('De weekreview toont tijdlijnen van casussen: alleen voor de coördinator.').waitFor();
    expect(await p.getByRole('button', { name: 'Bereken' }).count()).toBe(0); // the what-if is the coordinator's
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(p, '22-dashboard-privacyfunctionaris-telefoon');
    await mobile.close();
  });
});
