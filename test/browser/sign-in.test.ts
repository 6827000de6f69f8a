import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { eventually, startTestStack } from '../support/local-stack';
import { apiAs, dutch, heldAt, launchChromium, phone, screenshot, signIn, signOut } from '../support/browser';

/**
 * Signing in and need-to-know in the web UI: a GP refers and follows their case; another GP
 * with the same case link sees "geen toegang" (and may open it with a reason); an SMS link
 * leads to sign-in first, then to the case; only the coordinator has the overview.
 * Screenshots of each step go to test-results/screenshots/ (ignored by git).
 */
let stack: LocalStack;
let browser: Browser;
let mobile: BrowserContext;
let page: Page;
let caseId = '';
let caseUrl = '';

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack();
  mobile = await browser.newContext(phone);
  page = await mobile.newPage();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const pneumonia: Record<string, string> = {
  'patient.age': '84', 'patient.postcode': '3061 AB', 'patient.livesAlone': 'true', 'patient.informalCarerAvailable': 'true',
  'acp.noHospitalAdmission': 'false', 'presentation.urgency': 'U3', 'presentation.lifeThreatening': 'false',
  'presentation.medicalSpecialistCareNeeded': 'true', 'presentation.complexity': 'low', 'presentation.condition': 'pneumonia',
  'presentation.clinicallyStable': 'true', 'presentation.functionalDecline': 'false', 'presentation.causeUnclear': 'false',
  'presentation.delirium': 'false', 'presentation.psychogeriatricCrisis': 'false', 'presentation.rehabilitationNeed': 'false',
  'presentation.safeAtHomeWithSupport': 'false',
};

describe('signing in, and who sees what', () => {
  it('a GP signs in on a phone, refers and sees the case', async () => {
    await page.goto(stack.url);
    await page.waitForURL(/\/aanmelden$/);
    await page.locator('button.user').first().waitFor();
    await screenshot(page, '01-aanmelden-telefoon');
    await signIn(page, stack, 'huisarts-jansen');
    expect(await page.locator('header .who').textContent()).toBe('Aangemeld als Dr. A. Jansen · huisarts');
    // Only the links a GP uses; the referrer's role starts as the signed-in one.
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Nieuwe verwijzing' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Casussen' }).isVisible()).toBe(false);
    await page.getByRole('heading', { name: 'Nieuwe verwijzing' }).waitFor();
    expect(await page.locator('[id="referrer.role"]').inputValue()).toBe('gp');
    for (const [fact, value] of Object.entries(pneumonia)) {
      const field = page.locator(`[id="${fact}"]`);
      if ((await field.evaluate((n) => n.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await screenshot(page, '02-verwijzing-telefoon');
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.waitForURL(/\/casus\/VT-/);
    caseUrl = page.url();
    caseId = new URL(caseUrl).pathname.split('/').pop() ?? '';
    await page.getByText('bed vastgehouden', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Plaatsing' }).waitFor();
    await screenshot(page, '03-casus-huisarts-telefoon');
    // No horizontal scrolling at phone width.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('a second GP opening the same case link sees "geen toegang", and may open it with a reason', async () => {
    await signOut(page);
    await page.goto(caseUrl);
    await page.waitForURL((url) => url.pathname === '/aanmelden' && url.searchParams.get('terug') === `/casus/${caseId}`);
    await signIn(page, stack, 'huisarts-bakker');
    expect(page.url()).toBe(caseUrl);
    const refused = page.locator('.no-access');
    await refused.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    expect((await refused.textContent())?.length).toBeGreaterThan('Geen toegang'.length); // the API's message
    expect(await page.getByRole('heading', { name: 'Plaatsing' }).count()).toBe(0);
    await screenshot(page, '04-geen-toegang-tweede-huisarts');

    const form = page.locator('form.break-glass');
    await form.getByRole('heading', { name: 'Toegang met reden (noodtoegang)' }).waitFor();
    await form.getByLabel(/Reden/).fill('kort');
    await form.getByRole('button', { name: 'Toegang met reden' }).click();
    await form.getByText('Geef een reden van minstens 10 tekens.').waitFor();
    await form.getByLabel(/Reden/).fill('Waarneming: patiënt belt mij nu, eigen huisarts afwezig');
    await form.getByRole('button', { name: 'Toegang met reden' }).click();
    await page.getByText(/^Noodtoegang met reden/).waitFor();
    await page.getByRole('heading', { name: 'Plaatsing' }).waitFor();
    await screenshot(page, '05-noodtoegang-tweede-huisarts');
  });

  it('the case link in the text message leads to sign-in first, then to the case', async () => {
    const sms = await eventually(
      async () => ((await (await fetch(`${stack.url}/local/outbox`)).json()) as Array<{ body: string; caseId?: string }>).find((m) => m.caseId === caseId && /\/casus\//.test(m.body)),
      (m) => !!m,
    );
    const link = /https?:\/\/\S+\/casus\/VT-\w+/.exec(sms?.body ?? '')?.[0] ?? '';
    expect(link).toBe(`${stack.url}/casus/${caseId}`);
    // Opened on the transfer nurse's phone: nobody signed in there yet.
    const nursePhone = await browser.newContext(phone);
    const nurse = await nursePhone.newPage();
    await nurse.goto(link);
    await nurse.waitForURL((url) => url.pathname === '/aanmelden' && url.searchParams.get('terug') === `/casus/${caseId}`);
    await nurse.locator('button.user').first().waitFor();
    await screenshot(nurse, '06-sms-link-eerst-aanmelden');
    await signIn(nurse, stack, `tvp-${await heldAt(stack, caseId)}`);
    expect(nurse.url()).toBe(link);
    await nurse.getByRole('button', { name: 'Opname bevestigen' }).waitFor();
    await screenshot(nurse, '07-sms-link-casus-transferverpleegkundige');
    await nursePhone.close();
  });

  it('only the coordinator has the overview: a GP sees "geen toegang" there', async () => {
    await page.goto(`${stack.url}/casussen`);
    await page.locator('.no-access').getByRole('heading', { name: 'Geen toegang' }).waitFor();
    await screenshot(page, '08-casussen-geen-toegang-huisarts');

    const desktop = await browser.newPage(dutch);
    await desktop.goto(`${stack.url}/aanmelden`);
    await signIn(desktop, stack, 'coordinator-rotterdam');
    await desktop.getByRole('navigation').getByRole('link', { name: 'Casussen' }).click();
    const row = desktop.locator('tr', { hasText: caseId });
    await row.waitFor();
    expect(await row.textContent()).toContain('bed vastgehouden');
    expect(await desktop.locator('table.cases').textContent()).not.toContain('algemeen'); // no ward names
    await screenshot(desktop, '09-casussen-coordinator');
    await (await apiAs(stack, 'coordinator-rotterdam'))(`/cases/${caseId}/cancel`, { method: 'POST' });
    await desktop.close();
  });
});
