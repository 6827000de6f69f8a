import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * A coordinator corrects a home decision while the district team's confirmation is still
 * open: the case is placed at the new destination; the team's link says the question is
 * withdrawn, and the old wait (its timeout, its hand-over to the coordinator) no longer moves
 * the case.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ districtTimeouts: { U2: 2, U3: 2, U4: 2 } });
});
afterAll(async () => {
  await stack?.stop();
});

type Message = { caseId: string; recipient: string; body: string };
const caseOf = async (caseId: string) => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const messagesFor = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Message[]).filter((m) => m.caseId === caseId);

describe('a home decision corrected while the district team is asked', () => {
  it('is placed at the new destination, and the team’s open question changes nothing afterwards', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral());
    const caseId = res.body.caseId as string;
    await eventually(() => caseOf(caseId), (c) => c.status === 'notified');
    const link = /(http:\/\/\S+\/c\/[\w-]+)/.exec((await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => /\/c\//.test(m.body))))[0]?.body ?? '')?.[1];
    expect(link).toBeTruthy();

    const corrected = await postJson(`${stack.url}/cases/${caseId}/decision`, { destination: 'wijkkliniek', reason: 'Toch ziekenhuiszorg nodig: saturatie daalt' });
    expect(corrected.status).toBe(202);
    const held = await eventually(() => caseOf(caseId), (c) => c.status === 'bed_held', 10_000);
    expect(held.decision.destination).toBe('wijkkliniek');
    expect(held.amendments).toHaveLength(1);

    // The team opens and answers the old link: withdrawn, nobody should go, nothing changes.
    const page = await fetch(link as string);
    expect([page.status, await page.text()]).toEqual([410, expect.stringMatching(/<h1>Thuisbesluit<\/h1><p>Deze vraag is vervallen/)]);
    const answer = await fetch(link as string, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=accept' });
    expect([answer.status, await answer.text()]).toEqual([410, expect.stringContaining('U hoeft niet te gaan')]);
    // And the old wait's timeout (2 s) and hand-over pass.
    await new Promise((r) => setTimeout(r, 5_000));
    const after = await caseOf(caseId);
    expect(after.status).toBe('bed_held');
    expect(after.owner.role).toBe('transfer_nurse');
    const steps = (after.timeline as Array<{ step: string }>).map((t) => t.step);
    expect(steps.slice(steps.indexOf('decision_corrected'))).not.toContain('district_team_escalated');
    expect(steps.slice(steps.indexOf('decision_corrected'))).not.toContain('district_team_confirmed');
  }, 30_000);
});
