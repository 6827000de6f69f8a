import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { startTestStack } from '../support/local-stack';

/**
 * A clinician's path through the web UI, in Debian's Chromium against the local stack.
 * Refuses to run without /usr/bin/chromium (.ci/run installs it), rather than skipping.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let stack: LocalStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  stack = await startTestStack();
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  page = await browser.newPage({ timezoneId: 'Europe/Amsterdam', locale: 'nl-NL' });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function fill(answers: Record<string, string>) {
  for (const [fact, value] of Object.entries(answers)) {
    const field = page.locator(`[id="${fact}"]`);
    if ((await field.evaluate((n) => n.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

const no = 'false';
const pneumonia = {
  'patient.age': '86', 'patient.postcode': '3021 AB', 'patient.livesAlone': 'true', 'patient.informalCarerAvailable': 'true',
  'acp.noHospitalAdmission': no, 'presentation.urgency': 'U3', 'presentation.lifeThreatening': no,
  'presentation.medicalSpecialistCareNeeded': 'true', 'presentation.complexity': 'low', 'presentation.condition': 'pneumonia',
  'presentation.clinicallyStable': 'true', 'presentation.functionalDecline': no, 'presentation.causeUnclear': no,
  'presentation.delirium': no, 'presentation.psychogeriatricCrisis': no, 'presentation.rehabilitationNeed': no,
  'presentation.safeAtHomeWithSupport': no, 'referrer.role': 'gp',
};

describe('a GP fills in the referral form', () => {
  it('sees each missing or wrong field named next to it, and nothing is sent', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: 'Nieuwe verwijzing' }).waitFor();
    await fill({ 'patient.age': '86', 'patient.postcode': 'abc' });
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.getByText(/Controleer \d+ veld/).waitFor();
    expect(await page.locator('[data-fact="patient.postcode"] .error').textContent()).toContain('postcode');
    expect(await page.locator('[data-fact="presentation.urgency"] .error').count()).toBe(1);
    expect(page.url()).toBe(`${stack.url}/`);
  });

  it('gets the decision with reasons, follows the case, and confirms the admission', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: 'Nieuwe verwijzing' }).waitFor();
    await fill(pneumonia);
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.waitForURL(/\/casus\/VT-/);
    await page.getByText('bed vastgehouden', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.destination').textContent()).toBe('Wijkkliniek');
    expect(await page.locator('.card ul li').first().textContent()).toContain('pneumonie → wijkkliniek');
    await page.getByRole('button', { name: 'Opname bevestigen' }).click();
    await page.getByText('opname bevestigd', { exact: true }).waitFor();
  });

  it('finds the text message on the transfer nurse phone, without identifying details', async () => {
    await page.goto(`${stack.url}/telefoons`);
    const sms = page.locator('.sms').filter({ hasText: 'bed vastgehouden' });
    await sms.first().waitFor();
    const text = (await sms.first().textContent()) ?? '';
    expect(text).toMatch(/casus VT-\w+, U3/);
    expect(text).not.toMatch(/3021|pneumoni|86/);
  });
});
