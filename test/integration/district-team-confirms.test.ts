import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import { currentTree } from '../../functions/domain/triage/trees';
import type { LocalStack } from '../../local/local-stack';
import { eventually, finishedExecution, getJson, postJson, startTestStack } from '../support/local-stack';
import { scanExecutions } from '../support/execution-scan';
import { referral } from '../support/referral';

/**
 * A home decision is confirmed by the acute district team on duty through its SMS link
 * (`/c/{token}`: GET shows a page and changes nothing, one POST decides): "wij gaan", or
 * "kunnen niet" with a reason; no answer in time or a decline → the backup in the roster
 * chain, then the coordinator. The flag `fact_vvt` asks the FACT-VVT team as well. Each
 * step on the timeline. Answer times: U2 and U3 2 minutes (never within a test), U4 2 s.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ districtTimeouts: { U2: 120, U3: 120, U4: 2 } });
});
afterAll(async () => {
  await stack?.stop();
});

type Message = { recipient: string; body: string };
const bsn = '111222333';
const declineReason = 'Twee spoedvisites tegelijk, niemand vrij binnen het uur';
const caseOf = async (caseId: string) => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const stepsOf = async (caseId: string) => ((await caseOf(caseId)).timeline as Array<{ step: string }>).map((t) => t.step);
const messagesFor = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Array<Message & { caseId: string }>).filter((m) => m.caseId === caseId);
const linkIn = (m: Message | undefined) => /(http:\/\/\S+\/c\/[\w-]+)/.exec(m?.body ?? '')?.[1] ?? '';
/** The answer link texted to `recipient` (e.g. `district_team:Delfshaven:2`, the backup). */
const linkTo = async (caseId: string, recipient: string) => linkIn((await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient === recipient))).find((m) => m.recipient === recipient));
const post = (link: string, fields: Record<string, string>) =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const refer = async (presentation: NonNullable<Parameters<typeof referral>[0]>['presentation']) => {
  const res = await postJson(`${stack.url}/referrals`, referral({ patient: { bsn }, presentation }));
  expect(res.status).toBe(201);
  return res.body.caseId as string;
};
const auditOf = async (caseId: string) =>
  (await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }))).Items ?? [];

describe('the district team confirms a home decision', () => {
  it('U2: the team on duty says "wij gaan" through its link; it becomes the owner, every step on the timeline', async () => {
    const caseId = await refer({ urgency: 'U2' });
    const link = await linkTo(caseId, 'district_team:Delfshaven');
    const told = await caseOf(caseId);
    expect(told).toMatchObject({ status: 'notified', decision: { destination: 'home' }, placement: { destination: 'home' } });
    const text = (await messagesFor(caseId)).find((m) => m.recipient === 'district_team:Delfshaven')?.body ?? '';
    expect(text).toMatch(/U2, thuis met acuut wijkteam\. Gaat u\? Bevestig binnen 2 min/);

    // A link scanner (or the team) opens it: a page, nothing decided.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Wij gaan');
    expect(html).toContain('Kunnen niet');
    expect(html).not.toContain(bsn);
    expect((await fetch(link)).status).toBe(200);
    expect((await caseOf(caseId)).version).toBe(told.version);
    expect(stack.engine.describe(`arn:aws:states:eu-central-1:000000000000:execution:ReferralWorkflow:${caseId}`)?.status).toBe('RUNNING');

    // Only the team's two answers: an SO's "advise" is refused, and decides nothing.
    expect((await post(link, { answer: 'advise', advice: 'x' })).status).toBe(400);
    expect((await post(link, { answer: 'accept' })).status).toBe(200);
    // Single use: a second answer, or opening it again, changes nothing.
    expect((await post(link, { answer: 'decline', reason: declineReason })).status).toBe(410);
    const usedPage = await fetch(link);
    expect([usedPage.status, await usedPage.text()]).toEqual([410, expect.stringMatching(/<h1>Thuisbesluit<\/h1><p>Deze link is al gebruikt/)]);

    const execution = await finishedExecution(stack, caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(expect.arrayContaining(['PlaceCase', 'IsBedHeld', 'ConfirmHome', 'DistrictTeamAsk', 'DistrictTeamAwaitAnswerU2', 'DistrictTeamConfirmed', 'FactVvtNotNeeded', 'Done']));
    expect(execution.path).not.toContain('NotifyDestination');
    const done = await caseOf(caseId);
    expect(done.timeline.map((t: { step: string }) => t.step)).toEqual(['referred', 'triaged', 'placed', 'notified', 'district_team_confirmed']);
    expect(done.timeline.at(-1)).toMatchObject({ by: { role: 'district_team' }, detail: expect.stringContaining('wij gaan') });
    expect(done).toMatchObject({ status: 'notified', owner: { role: 'district_team', id: 'Delfshaven' } });
    expect((await messagesFor(caseId)).map((m) => m.recipient)).toEqual(['district_team:Delfshaven']);
    // Texted, opened, answered: all in the access log.
    const logged = (await auditOf(caseId)).map((a) => `${a.action} ${a.via}`);
    expect(logged).toEqual(expect.arrayContaining(['workflow.update workflow:DistrictTeamAwaitAnswer', 'consultation.open_link GET /c/{token}', 'consultation.answer POST /c/{token}']));
  });

  it('"kunnen niet" needs a reason; then the backup is asked, and says "wij gaan"', async () => {
    const caseId = await refer({ urgency: 'U3' });
    const first = await linkTo(caseId, 'district_team:Delfshaven');
    const noReason = await post(first, { answer: 'decline' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(/reden/);
    expect((await post(first, { answer: 'decline', reason: declineReason })).status).toBe(200);
    const backup = await linkTo(caseId, 'district_team:Delfshaven:2');
    expect(backup).not.toBe(first);
    expect((await post(backup, { answer: 'accept' })).status).toBe(200);
    await finishedExecution(stack, caseId);
    const done = await caseOf(caseId);
    expect(done.timeline.map((t: { step: string }) => t.step).slice(-4)).toEqual(['notified', 'district_team_declined', 'notified', 'district_team_confirmed']);
    expect(done.timeline.find((t: { step: string }) => t.step === 'district_team_declined').detail).toContain(declineReason);
    expect(done.owner).toMatchObject({ role: 'district_team', id: 'Delfshaven' });
    // The reason is on the case, never in a text or in the execution's history.
    expect((await messagesFor(caseId)).some((m) => m.body.includes(declineReason))).toBe(false);
    const executions = stack.engine.executions().filter((e) => e.name === caseId);
    expect(scanExecutions(executions, { bsn, postcode: '3021 AB', age: 84, texts: [declineReason] }, currentTree)).toEqual([]);
  });

  it('nobody answers: the backup is asked, then the coordinator is texted and takes the case', async () => {
    const caseId = await refer({ urgency: 'U4' });
    const execution = await finishedExecution(stack, caseId, 20_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path.filter((s) => s.startsWith('DistrictTeam'))).toEqual([
      'DistrictTeamAsk', 'DistrictTeamConsultationUrgency', 'DistrictTeamAwaitAnswerU4', 'DistrictTeamRecordNoAnswer', 'DistrictTeamNextConsultee',
      'DistrictTeamConsultationUrgency', 'DistrictTeamAwaitAnswerU4', 'DistrictTeamRecordNoAnswer', 'DistrictTeamNextConsultee',
      'DistrictTeamConsultationUrgency', 'DistrictTeamAwaitAnswerU4', 'DistrictTeamNotifyCoordinator', 'DistrictTeamUnanswered',
    ]);
    expect((await stepsOf(caseId)).slice(2)).toEqual(['placed', 'notified', 'district_team_unanswered', 'notified', 'district_team_unanswered', 'district_team_escalated']);
    const c = await caseOf(caseId);
    expect(c).toMatchObject({ status: 'escalated', owner: { role: 'coordinator' } });
    const ms = await messagesFor(caseId);
    expect(ms.map((m) => m.recipient)).toEqual(['district_team:Delfshaven', 'district_team:Delfshaven:2', 'coordinator:rotterdam']);
    expect(ms[2]?.body).toMatch(/bevestiging team thuis onbeantwoord/);
    // The first link has expired: it says so, titled as the team's question (not a consultation), and changes nothing.
    const expiredPage = await fetch(linkIn(ms[0]));
    expect(expiredPage.status).toBe(410);
    const expiredHtml = await expiredPage.text();
    expect(expiredHtml).toContain('<h1>Thuisbesluit</h1>');
    expect(expiredHtml).toContain('doorgezet naar de achterwacht of de coördinator');
    expect((await post(linkIn(ms[0]), { answer: 'accept' })).status).toBe(410);
    expect((await caseOf(caseId)).version).toBe(c.version);
    // The coordinator's overview lists it first.
    const overview = (await getJson(`${stack.url}/cases?sinceDays=1`)).body.cases as Array<{ caseId: string; group: string }>;
    expect(overview.find((x) => x.caseId === caseId)?.group).toBe('coordinator');
  });

  it('with the flag fact_vvt the FACT-VVT team on duty confirms as well', async () => {
    const caseId = await refer({ urgency: 'U3', psychogeriatricCrisis: true });
    expect((await eventually(() => caseOf(caseId), (c) => !!c.decision)).decision.flags).toContain('fact_vvt');
    const team = await linkTo(caseId, 'district_team:Delfshaven');
    const fact = await linkTo(caseId, 'fact_vvt:Delfshaven');
    // The text does not say which team (FACT-VVT would hint at the diagnosis).
    const factText = (await messagesFor(caseId)).find((m) => m.recipient === 'fact_vvt:Delfshaven')?.body ?? '';
    expect(factText).not.toMatch(/FACT|psych|crisis/i);
    expect((await post(fact, { answer: 'accept' })).status).toBe(200);
    expect((await post(team, { answer: 'accept' })).status).toBe(200);
    const execution = await finishedExecution(stack, caseId);
    expect(execution.path).toEqual(expect.arrayContaining(['FactVvtNeeded', 'FactVvtAwaitAnswerU3', 'FactVvtConfirmed', 'DistrictTeamConfirmed']));
    const steps = await stepsOf(caseId);
    expect(steps).toEqual(expect.arrayContaining(['fact_vvt_confirmed', 'district_team_confirmed']));
    expect(steps.filter((s) => s === 'notified')).toHaveLength(2);
    expect((await caseOf(caseId)).owner).toMatchObject({ role: 'district_team', id: 'Delfshaven' });
    // The FACT-VVT team of the district signs in and opens the case it confirmed (BSN masked); another district's may not.
    const opened = await getJson(`${stack.url}/cases/${caseId}`, { as: 'factvvt-delfshaven' });
    expect(opened.status).toBe(200);
    expect(opened.body.referral.patient.bsn).not.toBe(bsn);
    expect((await getJson(`${stack.url}/cases/${caseId}`, { as: 'factvvt-charlois' })).status).toBe(403);
  });
});
