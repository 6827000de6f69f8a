import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, getJson, postJson, soAgrees, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { dutch, launchChromium, phone, screenshot, signIn } from '../support/browser';

/**
 * The referral form asks for the patient's GP practice phone; the case page of an admitted
 * patient shows the stay clock and the discharge as a warm handover (where to, a note), then
 * the discharge with its texts on the timeline. Chromium against the local stack.
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

describe('stay clock and discharge on the case page', () => {
  it('the referral form has the GP practice phone, optional', async () => {
    const page = await browser.newPage({ ...dutch, viewport: { width: 1280, height: 900 } });
    await signIn(page, stack, 'huisarts-jansen');
    const field = page.getByLabel('Telefoon huisartspraktijk van de patiënt (optioneel)');
    await field.waitFor();
    expect(await field.getAttribute('type')).toBe('tel');
    await page.close();
  });

  it('shows the maximum stay and discharges with where to and a note', async () => {
    // Delfshaven, not safe at home: Herstelkliniek De Maasoever, somatiek (the facility's 14 days).
    const { caseId } = (await postJson(`${stack.url}/referrals`, referral({ patient: { gpPracticePhone: '010 123 4567' }, presentation: { safeAtHomeWithSupport: false } }))).body;
    await caseWithStatus(stack, caseId, ['bed_held']);
    await soAgrees(stack, caseId);
    expect((await postJson(`${stack.url}/cases/${caseId}/admission`)).status).toBe(200);

    for (const [name, options] of [['telefoon', phone], ['desktop', { ...dutch, viewport: { width: 1280, height: 900 } }]] as const) {
      const page = await browser.newPage(options);
      await signIn(page, stack, 'tvp-hk-maasoever');
      await page.goto(`${stack.url}/casus/${caseId}`);
      await page.getByText(/Maximale verblijfsduur 14 dagen: tot/).waitFor();
      await page.getByLabel('Waarheen').waitFor();
      await screenshot(page, `case-discharge-form-${name}`);
      if (name === 'desktop') {
        // Without a destination the API names the field.
        await page.getByRole('button', { name: 'Ontslag' }).click();
        await page.getByText(/dischargedTo: kies waarheen/).waitFor();
        await page.getByLabel('Waarheen').selectOption('home_with_care');
        await page.getByLabel('Overdracht (optioneel)').fill('Thuiszorg start morgen om 9 uur');
        await page.getByRole('button', { name: 'Ontslag' }).click();
        await page.getByText(/Ontslagen naar huis met zorg \(/).waitFor();
        await page.getByText('Overdracht: Thuiszorg start morgen om 9 uur').waitFor();
        await page.getByText(/warme overdracht per sms aan de verwijzer, de huisartspraktijk, het acute wijkteam/).waitFor();
        await screenshot(page, 'case-discharged-desktop');
      }
      await page.close();
    }
    const c = await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (x) => x.status === 'discharged');
    expect(c.discharge).toMatchObject({ dischargedTo: 'home_with_care', note: 'Thuiszorg start morgen om 9 uur' });
  }, 60_000);
});
