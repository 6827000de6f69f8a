import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamo';
import { useClock } from '../../functions/adapters/deps';
import { config } from '../../functions/config';
import { systemClock } from '../../functions/domain/ports';
import { rosterKeys } from '../../functions/domain/roster-slot';
import { sampleRosters } from '../../local/seed';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, getJson, postJson, putJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * SMS delivery through SNS: the one part with no local twin, so the only mock in the
 * suite (aws-sdk-client-mock). Everything else is DynamoDB Local and the real workflow.
 */
const sns = mockClient(SNSClient);
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ smsMode: 'sns' });
});
afterEach(() => {
  sns.reset();
  useClock(systemClock);
});
afterAll(async () => {
  sns.restore();
  await stack?.stop();
});

const phoneOf = (rosterKey: string, slotId: string) =>
  sampleRosters().find((s) => s.rosterKey === rosterKey && s.slotId === slotId)?.contacts[0]?.phone as string;
const at = (iso: string) => {
  const offset = Date.parse(iso) - Date.now();
  useClock({ now: () => new Date(Date.now() + offset) });
};
const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

describe('a home decision in Charlois texts the district team on duty', () => {
  it('at 14:00 the day team', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    at('2026-11-24T13:00:00Z');
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3083 AB' } }));
    await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(published().map((p) => p.PhoneNumber)).toEqual([phoneOf(rosterKeys.districtTeam('Charlois'), 'dag')]);
    expect(published()[0]?.Message).toContain(res.body.caseId);
  });

  it('at 03:00 the night team', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm2' });
    at('2026-11-25T02:00:00Z');
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3083 AB' } }));
    await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(published().map((p) => p.PhoneNumber)).toEqual([phoneOf(rosterKeys.districtTeam('Charlois'), 'nacht')]);
  });
});

describe('an SEH decision', () => {
  it('texts the SEH transfer desk so after-care is planned from day one', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm3' });
    const res = await postJson(`${stack.url}/referrals`, referral({ presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } }));
    await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(published().map((p) => p.PhoneNumber)).toEqual([phoneOf(rosterKeys.sehTransfer('rotterdam'), 'altijd')]);
  });
});

describe('when SNS keeps failing for the district team', () => {
  it('retries with backoff, records a dead letter, tells the coordinator, and the case goes on', async () => {
    const team = phoneOf(rosterKeys.districtTeam('Charlois'), 'dag');
    const coordinator = phoneOf(rosterKeys.coordinator('rotterdam'), 'altijd');
    sns.on(PublishCommand).resolves({ MessageId: 'ok' });
    sns.on(PublishCommand, { PhoneNumber: team }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    at('2026-11-24T13:00:00Z');

    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3083 AB' } }));
    const found = await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(found.timeline.at(-1).step).toBe('notified');

    const calls = published();
    expect(calls.filter((p) => p.PhoneNumber === team)).toHaveLength(4);
    expect(calls.filter((p) => p.PhoneNumber === coordinator)).toHaveLength(1);
    expect(calls.find((p) => p.PhoneNumber === coordinator)?.Message).toContain('kon niet worden bezorgd');

    const { Items = [] } = await documentClient().send(
      new QueryCommand({ TableName: config().tableName('notifications'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': res.body.caseId } }),
    );
    expect(Items.map((i) => [i.recipient, i.status, i.attempts])).toEqual(
      expect.arrayContaining([
        ['district_team:Charlois', 'dead_letter', 4],
        ['coordinator:rotterdam', 'sent', 1],
      ]),
    );
    expect(Items.find((i) => i.status === 'dead_letter')?.error).toContain('ThrottlingException');
  });
});

describe('an SO consultation texted through SNS', () => {
  it('carries a working answer link, but the stored copy keeps no token', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm4' });
    const res = await postJson(`${stack.url}/referrals`, referral());
    await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/escalations`, { note: 'Koorts', urgency: 'U3' })).status).toBe(202);
    const sent = await eventually(async () => published().filter((p) => p.Message?.includes('consultverzoek')), (ps) => ps.length === 1);
    expect(sent[0]?.Message).toMatch(/\/c\/[\w-]{20,}/);
    const { Items = [] } = await documentClient().send(
      new QueryCommand({ TableName: config().tableName('notifications'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': res.body.caseId } }),
    );
    const stored = Items.find((i) => String(i.body).includes('consultverzoek'));
    expect(stored?.body).toContain('/c/…');
    expect(stored?.body).not.toMatch(/\/c\/[\w-]{20,}/);
  });
});

describe('the outbox', () => {
  it('shows every message, delivered or not', async () => {
    const outbox = (await getJson(`${stack.url}/local/outbox`)).body;
    expect(outbox.length).toBeGreaterThanOrEqual(5);
    for (const m of outbox) expect(m).toMatchObject({ to: expect.stringMatching(/^\+31/), body: expect.any(String), caseId: expect.any(String), sentAt: expect.any(String) });
  });
});

describe('the roster API', () => {
  it('stores an edited slot with E.164 numbers and refuses a bad one with field paths', async () => {
    const res = await putJson(`${stack.url}/rosters/${encodeURIComponent('district_team#Pernis')}/slots/dag`, {
      from: '08:00', to: '22:00', contacts: [{ role: 'district_team', name: 'Wijkteam Pernis', phone: '06 1111 2222' }],
    });
    expect(res.status).toBe(200);
    const slots = (await getJson(`${stack.url}/rosters`)).body as Array<{ rosterKey: string; slotId: string; from: string; contacts: Array<{ phone: string }> }>;
    const pernis = slots.find((s) => s.rosterKey === 'district_team#Pernis' && s.slotId === 'dag');
    expect(pernis).toMatchObject({ from: '08:00', contacts: [{ phone: '+31611112222' }] });

    const bad = await putJson(`${stack.url}/rosters/${encodeURIComponent('district_team#Pernis')}/slots/dag`, {
      from: '08:00', to: '22:00', contacts: [{ role: 'district_team', name: 'Wijkteam Pernis', phone: '0611' }],
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['contacts.0.phone']);
    const after = (await getJson(`${stack.url}/rosters`)).body.find((s: { rosterKey: string; slotId: string }) => s.rosterKey === 'district_team#Pernis' && s.slotId === 'dag');
    expect(after).toEqual(pernis);
  });
});
