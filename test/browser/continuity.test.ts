import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { dutch, launchChromium, phone, screenshot, signIn } from '../support/browser';

/**
 * The case page shows a person's continuity (issue 11): the third move within 10 days is
 * flagged for the referrer, an earlier case of another GP is counted, not named; the
 * coordinator's overview shows the flag; a referral without a BSN says it is not linked.
 */
let stack: LocalStack;
let browser: Browser;
const ids: string[] = [];
let unlinked = '';
const pneumonia = (bsn?: string) => referral({ patient: bsn ? { bsn } : {}, presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack({ seed: false });
  await seedRegion([testFacility({ facilityId: 'wk-delfshaven', kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 10, free: 10, held: 0 }] })]);
  for (const as of ['huisarts-jansen', 'huisarts-bakker', 'huisarts-jansen']) {
    const { body } = await postJson(`${stack.url}/referrals`, pneumonia('111222333'), { as });
    await caseWithStatus(stack, body.caseId, ['bed_held']);
    ids.push(body.caseId);
  }
  unlinked = (await postJson(`${stack.url}/referrals`, pneumonia(), { as: 'huisarts-jansen' })).body.caseId;
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the case page', () => {
  for (const [name, options] of [['desktop', { ...dutch, viewport: { width: 1280, height: 900 } }], ['phone', phone]] as const) {
    it(`flags the third move, names the GP's own earlier case, counts the other (${name})`, async () => {
      const page = await browser.newPage(options);
      await page.goto(`${stack.url}/aanmelden`);
      await signIn(page, stack, 'huisarts-jansen');
      await page.goto(`${stack.url}/casus/${ids[2]}`);
      const card = page.locator('.card.continuity');
      await card.getByText('3e verplaatsing in 10 dagen').waitFor();
      const text = await card.innerText();
      expect(text).toContain('Verplaatsingen in de 10 dagen tot deze verwijzing: 3');
      expect(text).toContain(ids[0]);
      expect(text).not.toContain(ids[1]);
      expect(text).toContain('1 eerdere casus die u niet kunt openen');
      expect(await card.getByRole('link', { name: ids[0] }).getAttribute('href')).toBe(`/casus/${ids[0]}`);
      // Nothing wider than the screen.
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await screenshot(page, `continuity-case-${name}`);
      await page.goto(`${stack.url}/casus/${unlinked}`);
      await page.locator('.card.continuity').getByText('Niet gekoppeld: geen BSN opgegeven').waitFor();
      await page.close();
    });
  }

  it("the coordinator's overview shows the flag", async () => {
    const page = await browser.newPage({ ...dutch, viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/aanmelden`);
    await signIn(page, stack, 'coordinator-rotterdam');
    await page.goto(`${stack.url}/casussen`);
    const row = page.locator('tr', { has: page.getByRole('link', { name: ids[2] }) });
    await row.getByText('3e verplaatsing in 10 dagen').waitFor();
    expect(await page.locator('tr', { has: page.getByRole('link', { name: ids[0] }) }).locator('.flag').count()).toBe(0);
    await screenshot(page, 'continuity-overview');
    await page.close();
  });
});
