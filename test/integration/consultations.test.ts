import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamo';
import { useClock } from '../../functions/adapters/deps';
import { config } from '../../functions/config';
import { systemClock } from '../../functions/domain/ports';
import type { LocalStack } from '../../local/local-stack';
import type { Execution } from '../../local/workflow-engine';
import { caseWithStatus, eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * The consultation workflow is synthesized with short answer times (U2: 1 s) for the
 * escalation chain, and a long one (U4: 120 s) for the link flow, which must not time out.
 * The clock runs from Saturday 03:00, so the ANW chain is on duty: SO, then PA, then the coordinator.
 */
let stack: LocalStack;
// Far in the future: the links' records carry a DynamoDB TTL a week after this clock, and
// DynamoDB Local really deletes expired items; a date in the past would turn links "unknown".
const saturdayNight = Date.parse('2099-11-28T02:00:00Z'); // Saturday 03:00 in Rotterdam
beforeAll(async () => {
  const offset = saturdayNight - Date.now();
  useClock({ now: () => new Date(Date.now() + offset) });
  stack = await startTestStack({ consultationTimeouts: { U2: 1, U3: 1, U4: 120 } });
});
afterAll(async () => {
  useClock(systemClock);
  await stack?.stop();
});

const openCase = async () => {
  const res = await postJson(`${stack.url}/referrals`, referral());
  await caseWithStatus(stack, res.body.caseId, ['notified']);
  return res.body.caseId as string;
};
const messagesFor = async (caseId: string) =>
  (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId) as Array<{ recipient: string; body: string }>;
const tokenIn = (body: string) => /\/c\/([\w-]+)/.exec(body)?.[1] ?? '';
const consultationExecution = (caseId: string) =>
  eventually(
    () => stack.consultationEngine.executions().filter((e) => e.name.startsWith(`${caseId}-`)),
    (es) => es.length > 0,
  ).then((es) => es[0] as Execution);
const form = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('a HAP triagist escalates at night and nobody answers', () => {
  it('asks the SO, then the PA, then texts the coordinator, each step on the timeline', async () => {
    const caseId = await openCase();
    const res = await postJson(`${stack.url}/cases/${caseId}/escalations`, { note: 'Benauwder geworden, saturatie daalt', urgency: 'U2' });
    expect(res.status).toBe(202);
    const execution = await consultationExecution(caseId);
    await eventually(() => execution.status, (s) => s !== 'RUNNING', 15_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path.filter((s) => s.startsWith('Await') || s === 'NotifyCoordinator')).toEqual(['AwaitSoAnswerU2', 'AwaitSoAnswerU2', 'NotifyCoordinator']);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.timeline.map((t: { step: string }) => t.step).slice(-6)).toEqual([
      'hap_escalation', 'consultation_requested', 'consultation_unanswered', 'consultation_requested', 'consultation_unanswered', 'consultation_escalated',
    ]);
    expect(found.timeline.find((t: { step: string }) => t.step === 'hap_escalation').by).toMatchObject({ role: 'hap_triagist', id: 'triagist-hap' });
    expect((await messagesFor(caseId)).map((m) => m.recipient).slice(1)).toEqual(['so:1', 'vs_pa:2', 'coordinator:rotterdam']);
    // Every step that read or changed the case is in the access log (NEN 7513).
    const { Items = [] } = await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }));
    expect(new Set(Items.map((a) => `${a.action} ${a.via}`))).toEqual(new Set([
      'referral.create POST /referrals', 'workflow.update workflow:RecordDecision', 'workflow.update workflow:PlaceCase', 'workflow.update workflow:DistrictTeamAwaitAnswer', 'case.read GET /cases/{caseId}',
      'case.request_so_consultation POST /cases/{caseId}/escalations', 'workflow.read workflow:SelectConsultee', 'workflow.read workflow:AwaitSoAnswer', 'workflow.update workflow:AwaitSoAnswer', 'workflow.update workflow:RecordNoAnswer',
      'workflow.read workflow:NotifyCoordinator', 'workflow.update workflow:NotifyCoordinator',
    ]));
    // The consultation's steps act for the HAP triagist who asked; no entry carries a BSN.
    expect(Items.filter((a) => a.via === 'workflow:AwaitSoAnswer').every((a) => a.onBehalfOf === 'triagist-hap')).toBe(true);
    expect(Items.some((a) => 'bsn' in a)).toBe(false);
  });
});

describe('the answer link', () => {
  it('GET shows a confirm page and decides nothing; POST accept decides once; a reused link changes nothing', async () => {
    const caseId = await openCase();
    await postJson(`${stack.url}/cases/${caseId}/escalations`, { note: 'Onrustig', urgency: 'U4' });
    const [request] = (await eventually(() => messagesFor(caseId), (ms) => ms.length === 2)).slice(1);
    const link = `${stack.url}/c/${tokenIn(request?.body ?? '')}`;

    // A link scanner opens it, twice.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');
    }
    const execution = await consultationExecution(caseId);
    expect(execution.status).toBe('RUNNING');

    const answered = await form(link, { answer: 'advise', advice: 'Start amoxicilline, morgen huisarts' });
    expect(answered.status).toBe(200);
    await eventually(() => execution.status, (s) => s === 'SUCCEEDED');
    expect(execution.path.at(-1)).toBe('Answered');
    const before = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(before.timeline.at(-1)).toMatchObject({ step: 'consultation_answered', by: { role: 'so' } });
    expect(before.timeline.at(-1).detail).toContain('Start amoxicilline');

    const reused = await form(link, { answer: 'decline' });
    expect(reused.status).toBe(410);
    expect(await reused.text()).toMatch(/<h1>Consultverzoek<\/h1><p>Deze link is al gebruikt/);
    expect((await fetch(link)).status).toBe(410);
    expect((await getJson(`${stack.url}/cases/${caseId}`)).body.version).toBe(before.version);
  });

  it('a decline goes to the backup at once', async () => {
    const caseId = await openCase();
    await postJson(`${stack.url}/cases/${caseId}/escalations`, { note: 'Val, pijn heup', urgency: 'U4' });
    const [first] = (await eventually(() => messagesFor(caseId), (ms) => ms.length === 2)).slice(1);
    const started = Date.now();
    expect((await form(`${stack.url}/c/${tokenIn(first?.body ?? '')}`, { answer: 'decline' })).status).toBe(200);
    const all = await eventually(() => messagesFor(caseId), (ms) => ms.length === 3, 30_000);
    expect(Date.now() - started).toBeLessThan(30_000); // not the 120 s answer time
    expect(all.map((m) => m.recipient).slice(1)).toEqual(['so:1', 'vs_pa:2']);
    // The request is on the timeline just after its SMS went out.
    const found = await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.timeline.at(-1).step === 'consultation_requested');
    expect(found.timeline.map((t: { step: string }) => t.step).slice(-3)).toEqual(['consultation_requested', 'consultation_answered', 'consultation_requested']);
  });

  it('an expired or unknown link gets a clear page and changes nothing', async () => {
    const caseId = await openCase();
    await postJson(`${stack.url}/cases/${caseId}/escalations`, { note: 'Verward', urgency: 'U2' });
    const [first] = (await eventually(() => messagesFor(caseId), (ms) => ms.length >= 3, 10_000)).slice(1);
    const link = `${stack.url}/c/${tokenIn(first?.body ?? '')}`;
    const expired = await form(link, { answer: 'accept' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('verlopen');
    const unknown = await fetch(`${stack.url}/c/bestaat-niet`);
    expect(unknown.status).toBe(404);
    // Nothing is known of an unknown link, so its title claims nothing either.
    expect(await unknown.text()).toMatch(/<h1>Link via sms<\/h1><p>Deze link is onbekend/);
    const after = (await getJson(`${stack.url}/cases/${caseId}`)).body.timeline;
    expect(after.some((t: { step: string }) => t.step === 'consultation_answered')).toBe(false);
  });
});

describe('escalation input', () => {
  it('needs a note and a non-U1 urgency, and a known case', async () => {
    const caseId = await openCase();
    const bad = await postJson(`${stack.url}/cases/${caseId}/escalations`, { urgency: 'U1' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['note', 'urgency']);
    expect((await postJson(`${stack.url}/cases/VT-ZZZZZZ/escalations`, { note: 'x', urgency: 'U3' })).status).toBe(404);
  });
});
