import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../../local/local-stack';
import { eventually, startTestStack } from '../support/local-stack';
import { apiAs, dutch, heldAt, launchChromium, signIn, signOut } from '../support/browser';
import { smsLeaks, withoutAllowedParts } from '../../functions/domain/sms-privacy';
import { storeCase } from '../support/cases';
import type { ReferralInput } from '../../functions/domain/referral-schema';

/**
 * A clinician's path through the web UI, in Debian's Chromium against the local stack; each
 * person signs in through the sign-in page first (the seeded people of the local stack).
 * Refuses to run without /usr/bin/chromium (.ci/run installs it), rather than skipping.
 */
let stack: LocalStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack();
  page = await browser.newPage(dutch);
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
    await page.waitForURL(/\/aanmelden$/); // not signed in yet
    await signIn(page, stack, 'huisarts-jansen');
    await page.getByRole('heading', { name: 'Nieuwe verwijzing' }).waitFor();
    await fill({ 'patient.age': '86', 'patient.postcode': 'abc' });
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.getByText(/Controleer \d+ veld/).waitFor();
    expect(await page.locator('[data-fact="patient.postcode"] .error').textContent()).toContain('postcode');
    expect(await page.locator('[data-fact="presentation.urgency"] .error').count()).toBe(1);
    expect(page.url()).toBe(`${stack.url}/`);
  });

  it('gets the decision with reasons, follows the case, and the transfer nurse confirms the admission', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: 'Nieuwe verwijzing' }).waitFor();
    await fill(pneumonia);
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.waitForURL(/\/casus\/VT-/);
    await page.getByText('bed vastgehouden', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.destination').textContent()).toBe('Wijkkliniek');
    expect(await page.locator('.card ul li').first().textContent()).toContain('pneumonie → wijkkliniek');
    // The facility by name, not by its id.
    expect(await page.getByRole('heading', { name: 'Plaatsing' }).locator('..').textContent()).toMatch(/Wijkkliniek · \D+, afdeling algemeen/);
    // The page keeps polling; what is typed in the escalation note stays put meanwhile.
    const note = page.getByLabel('Notitie escalatie');
    await note.fill('Nu ook koorts');
    await page.waitForTimeout(3_500);
    expect(await note.inputValue()).toBe('Nu ook koorts');
    // The transfer nurse of the facility holding the bed confirms: from the case link, after signing in.
    const caseUrl = page.url();
    const facilityId = await heldAt(stack, new URL(caseUrl).pathname.replace('/casus/', ''));
    await signOut(page);
    await page.goto(caseUrl);
    await page.waitForURL(/\/aanmelden\?terug=/);
    await signIn(page, stack, `tvp-${facilityId}`);
    expect(page.url()).toBe(caseUrl);
    await page.getByRole('button', { name: 'Opname bevestigen' }).click();
    await page.getByText('opname bevestigd', { exact: true }).waitFor();
  });

  it('finds the text message on the transfer nurse phone, without identifying details', async () => {
    await page.goto(`${stack.url}/telefoons`);
    const sms = page.locator('.sms').filter({ hasText: 'bed vastgehouden' });
    await sms.first().waitFor();
    const text = (await sms.first().textContent()) ?? '';
    expect(text).toMatch(/casus VT-\w+, U3/);
    // This patient's own facts, after links (whose random port may hold "86") and the case reference are taken out.
    expect(withoutAllowedParts(text)).not.toMatch(/\b(3021|86)\b|pneumoni/i);
    expect(smsLeaks(text)).toEqual([]);
  });

  it('a coordinator finds that case among the closed ones in the overview, and opens it', async () => {
    await signIn(page, stack, 'coordinator-rotterdam');
    await page.goto(stack.url);
    await page.getByRole('link', { name: 'Casussen' }).click();
    const closed = page.locator('.card', { has: page.getByRole('heading', { name: /^Afgerond/ }) });
    const row = closed.locator('tr', { hasText: 'opname bevestigd' }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/VT-\w{6}U3opname bevestigdtransferverpleegkundigeWijkkliniekWijkkliniek/);
    await row.getByRole('link').click();
    await page.waitForURL(/\/casus\/VT-/);
    await page.getByText('opname bevestigd', { exact: true }).waitFor();
  });
});

describe('a coordinator with a case whose hold expired', () => {
  it('places it again from the case page, and a bed is held', async () => {
    // Its bed went back unconfirmed earlier; the seeded region has beds now.
    const { caseId } = await storeCase({
      status: 'expired', owner: { role: 'coordinator', id: 'rotterdam' },
      placement: { destination: 'wijkkliniek', facilityId: 'wk-kralingen', ward: 'algemeen', tried: [], at: new Date().toISOString() },
    }, pneumoniaReferral() as ReferralInput);
    await signIn(page, stack, 'coordinator-rotterdam');
    await page.goto(`${stack.url}/casus/${caseId}`);
    await page.getByRole('button', { name: 'Opnieuw plaatsen' }).click();
    await page.getByText('bed vastgehouden', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Opnieuw plaatsen' }).count()).toBe(0);
    await (await apiAs(stack, 'coordinator-rotterdam'))(`/cases/${caseId}/cancel`, { method: 'POST' });
  });
});

describe('a bed manager on the bed board', () => {
  it('changes the total without undoing a hold made after the page loaded', async () => {
    await signIn(page, stack, 'bedbeheer-wk-kralingen');
    await page.goto(`${stack.url}/bedden`);
    const total = page.getByLabel('totaal Wijkkliniek Kralingen algemeen');
    await total.waitFor();
    const asManager = await apiAs(stack, 'bedbeheer-wk-kralingen');
    const asCoordinator = await apiAs(stack, 'coordinator-rotterdam');
    const asGp = await apiAs(stack, 'huisarts-jansen');
    const board = async () =>
      ((await (await asManager('/facilities')).json()) as Array<{ facilityId: string; wards: Array<{ total: number; free: number; held: number }> }>)
        .find((f) => f.facilityId === 'wk-kralingen')?.wards[0];
    const before = await board();

    // Meanwhile a referral takes a bed there (the page still shows the old free count).
    await asCoordinator('/facilities/wk-alexander/wards/algemeen', { method: 'PUT', body: JSON.stringify({ free: 0 }) });
    const res = await asGp('/referrals', { method: 'POST', body: JSON.stringify({ ...pneumoniaReferral() }) });
    const { caseId } = (await res.json()) as { caseId: string };
    await eventually(board, (w) => w?.held !== before?.held);
    expect(await board()).toMatchObject({ free: (before?.free ?? 0) - 1, held: (before?.held ?? 0) + 1 });

    await total.fill(String((before?.total ?? 0) + 2));
    await page.locator('tr', { has: total }).getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('tr', { has: total }).getByText('opgeslagen').waitFor();
    // Only the total changed: the held bed is still not free.
    expect(await board()).toEqual({ ward: 'algemeen', total: (before?.total ?? 0) + 2, free: (before?.free ?? 0) - 1, held: (before?.held ?? 0) + 1 });
    await asGp(`/cases/${caseId}/cancel`, { method: 'POST' });
  });
});

function pneumoniaReferral() {
  const group = (prefix: string) =>
    Object.fromEntries(
      Object.entries(pneumonia)
        .filter(([k]) => k.startsWith(`${prefix}.`))
        .map(([k, v]) => [k.slice(prefix.length + 1), v === 'true' ? true : v === 'false' ? false : k === 'patient.age' ? Number(v) : v]),
    );
  return {
    patient: { ...group('patient'), postcode: '3061 AB' }, // Kralingen-Crooswijk
    acp: group('acp'),
    presentation: group('presentation'),
    referrer: { ...group('referrer'), requestedAt: '2026-11-23T14:00:00+01:00' },
  };
}
