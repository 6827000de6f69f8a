import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import type { Principal } from '../../functions/domain/principal';
import { caseWithStatus, getJson, postJson, soAgrees, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { sampleRosters } from '../../local/seed';
import { rosterKeys } from '../../functions/domain/roster-slot';

/**
 * Discharge is a warm handover (issue 11): the referrer (the phone of their profile), the
 * patient's own GP practice where the referral names it and, for a discharge home, the acute
 * district team on duty are texted; the bed is freed; no text carries the note or any
 * patient fact (the suite's privacy scan runs over every SMS when the stack stops).
 */
let stack: LocalStack;
const referrerPhone = '+31610007001'; // huisarts-jansen (local/users.ts)
const teamPhones = new Set(sampleRosters().filter((s) => s.rosterKey === rosterKeys.districtTeam('Delfshaven')).flatMap((s) => s.contacts.map((c) => c.phone)));
const nurse: Principal = { username: 'tvp-hk-west', role: 'transfer_nurse', name: 'Transferverpleegkundige West', region: 'rotterdam', facilityId: 'hk-west' };
const note = 'Wondzorg dagelijks, antibiotica tot vrijdag; mevrouw woont met haar partner';

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([
    testFacility({ facilityId: 'hk-west', kind: 'herstelkliniek', district: 'Delfshaven', transferNursePhone: '+31610008811', wards: [{ ward: 'somatiek', total: 6, free: 6, held: 0 }] }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

type Sms = { to: string; body: string; caseId: string; recipient: string };
const outbox = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Sms[]).filter((m) => m.caseId === caseId);
const somatiek = async () =>
  ((await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ ward: string; free: number }> }>).find((f) => f.facilityId === 'hk-west')?.wards.find((w) => w.ward === 'somatiek');

async function admitted(body: ReturnType<typeof referral>) {
  const res = await postJson(`${stack.url}/referrals`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const caseId = res.body.caseId as string;
  await caseWithStatus(stack, caseId, ['bed_held']);
  await soAgrees(stack, caseId);
  expect((await postJson(`${stack.url}/cases/${caseId}/admission`, undefined, { as: nurse })).status).toBe(200);
  return caseId;
}

describe('discharge is a warm handover', () => {
  it('home with care: the referrer, the GP practice and the district team are texted, the bed is free, the timeline says so', async () => {
    const caseId = await admitted(referral({ patient: { gpPracticePhone: '010 - 123 45 67' }, presentation: { safeAtHomeWithSupport: false } }));
    const stored = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(stored.referral.patient.gpPracticePhone).toBe('+31101234567');
    expect(stored.referrerPhone).toBe(referrerPhone);
    const before = await somatiek();
    const sentBefore = (await outbox(caseId)).length;

    const res = await postJson(`${stack.url}/cases/${caseId}/discharge`, { dischargedTo: 'home_with_care', note }, { as: nurse });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'discharged', discharge: { dischargedTo: 'home_with_care', note } });
    expect((await somatiek())?.free).toBe((before?.free ?? 0) + 1);
    const entry = res.body.timeline.find((t: { step: string }) => t.step === 'discharged');
    expect(entry.detail).toBe('Ontslagen naar huis met zorg; bed vrijgegeven; warme overdracht per sms aan de verwijzer, de huisartspraktijk, het acute wijkteam');

    const texts = (await outbox(caseId)).slice(sentBefore);
    expect(texts.map((m) => m.to).filter((to) => !teamPhones.has(to)).sort()).toEqual(['+31101234567', referrerPhone].sort());
    expect(texts.filter((m) => teamPhones.has(m.to))).toHaveLength(1);
    expect(texts.find((m) => teamPhones.has(m.to))?.recipient).toBe('district_team:Delfshaven');
    expect(texts.find((m) => teamPhones.has(m.to))?.body).toMatch(/naar huis met zorg na ontslag uit herstelkliniek; graag de zorg thuis oppakken/);
    expect(texts.find((m) => m.to === referrerPhone)?.body).toMatch(/ontslagen uit herstelkliniek, naar huis met zorg\. Overdracht in de casus/);
    // The practice has no account to open the case with: it gets the facility's desk to call, not a link.
    const practiceText = texts.find((m) => m.to === '+31101234567');
    expect(practiceText?.recipient).toBe('gp_practice');
    expect(practiceText?.body).toMatch(/ontslagen uit herstelkliniek, naar huis met zorg\. Voor de overdracht: bel de instelling op \+316\d{8} en noem de casus\./);
    expect(practiceText?.body).not.toMatch(/https?:/);
    // The note stays on the case: no word of it in any text.
    for (const m of texts) for (const word of ['Wondzorg', 'antibiotica', 'partner', 'mevrouw']) expect(m.body).not.toContain(word);

    // The district team on duty may now open the case it was told about; another district may not.
    expect((await getJson(`${stack.url}/cases/${caseId}`, { as: 'wijkteam-delfshaven' })).status).toBe(200);
    expect((await getJson(`${stack.url}/cases/${caseId}`, { as: 'wijkteam-charlois' })).status).toBe(403);
    // Discharged once: a second discharge is a conflict and texts nobody.
    expect((await postJson(`${stack.url}/cases/${caseId}/discharge`, { dischargedTo: 'home' }, { as: nurse })).status).toBe(409);
    expect((await outbox(caseId)).length).toBe(sentBefore + texts.length);
  });

  it('to the hospital, referred by the HAP without a GP practice number: nobody to text, and no district team', async () => {
    const caseId = await admitted(referral({ presentation: { safeAtHomeWithSupport: false }, referrer: { role: 'hap_triagist' } }));
    const sentBefore = (await outbox(caseId)).length;
    const res = await postJson(`${stack.url}/cases/${caseId}/discharge`, { dischargedTo: 'hospital' }, { as: nurse });
    expect(res.status).toBe(200);
    expect(res.body.timeline.find((t: { step: string }) => t.step === 'discharged').detail).toBe('Ontslagen naar het ziekenhuis; bed vrijgegeven; niemand per sms bereikbaar voor de overdracht');
    expect((await outbox(caseId)).slice(sentBefore)).toEqual([]);
  });

  it('refuses a discharge without a valid destination, naming the field, and a GP practice number that is not Dutch', async () => {
    const caseId = await admitted(referral({ presentation: { safeAtHomeWithSupport: false } }));
    for (const body of [undefined, {}, { dischargedTo: 'mars' }, { dischargedTo: 'home', note: 12 }, { dischargedTo: 'home', extra: true }]) {
      const res = await postJson(`${stack.url}/cases/${caseId}/discharge`, body, { as: nurse });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    const missing = await postJson(`${stack.url}/cases/${caseId}/discharge`, {}, { as: nurse });
    expect(missing.body.errors[0]).toMatchObject({ path: 'dischargedTo', message: expect.stringContaining('kies waarheen') });
    expect((await getJson(`${stack.url}/cases/${caseId}`)).body.status).toBe('admission_confirmed');

    const bad = await postJson(`${stack.url}/referrals`, referral({ patient: { gpPracticePhone: '+44 20 7946 0958' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'patient.gpPracticePhone', message: expect.stringContaining('Nederlands telefoonnummer') }]);
  });
});
