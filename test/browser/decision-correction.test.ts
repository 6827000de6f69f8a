import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { dutch, launchChromium, phone, screenshot, signIn } from '../support/browser';

/**
 * The coordinator corrects a decision on the case page, in Chromium against the local stack:
 * a correction that breaks a safety rule (an ACP "no hospital" wish to the SEH) shows the
 * warning and the override; then the case shows the correction with the tree's decision kept.
 */
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('Besluit corrigeren on the case page', () => {
  it('warns about the broken safety rule, takes the override, and shows the correction', async () => {
    const acp = referral({ acp: { noHospitalAdmission: true }, presentation: { medicalSpecialistCareNeeded: true, condition: 'urinary_tract_infection', safeAtHomeWithSupport: false } });
    const { caseId } = (await postJson(`${stack.url}/referrals`, acp)).body;
    await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.status === 'bed_held' && c.timeline.at(-1).step === 'notified');

    for (const [name, options] of [['desktop', { ...dutch, viewport: { width: 1280, height: 900 } }], ['telefoon', phone]] as const) {
      const page = await browser.newPage(options);
      await signIn(page, stack, 'coordinator-rotterdam');
      await page.goto(`${stack.url}/casus/${caseId}`);
      if (name === 'desktop') {
        await page.getByLabel('Nieuwe bestemming').selectOption('seh');
        await page.getByLabel('Reden (blijft bij de casus, nooit in een sms)').fill('Familie wil beoordeling in het ziekenhuis');
        await page.getByRole('button', { name: 'Besluit corrigeren' }).click();
        await page.getByText('Let op: deze correctie doorbreekt een veiligheidsregel').waitFor();
        await screenshot(page, 'case-correction-warning');
        await page.getByLabel(/Ik wijk bewust af/).check();
        await page.getByRole('button', { name: 'Besluit corrigeren' }).click();
      }
      await page.getByText(/Besluit gecorrigeerd door coordinator-rotterdam/).waitFor();
      await page.getByText('Oorspronkelijk besluit (triageboom): wijkkliniek').waitFor();
      expect(await page.getByText('veiligheidsregel bewust doorbroken').first().isVisible()).toBe(true);
      await screenshot(page, `case-corrected-${name}`);
      await page.close();
    }
    const c = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(c.amendments).toMatchObject([{ to: { destination: 'seh' }, overrideSafety: true }]);
  }, 90_000);
});
