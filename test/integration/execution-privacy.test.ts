import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTree } from '../../functions/domain/triage/trees';
import type { LocalStack } from '../../local/local-stack';
import type { Execution } from '../../local/workflow-engine';
import { eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { executionData, scanExecutions, type Secrets } from '../support/execution-scan';

/**
 * Step Functions keeps every execution's history: its input and output, each state's input
 * and output, each task's payload and result. None of it may hold an identifier (BSN,
 * postcode, age) or anybody's free text (an escalation note, an SO's advice, a decline's
 * reason); the routing facts appear only where the triage Choice states read them
 * (`$.referral`). Realistic scenarios on one stack, then every execution of both engines,
 * state by state (the local engine records the history as Step Functions would).
 */
const secrets = {
  bsn: '111222333',
  postcode: '3021 AB',
  age: 86,
  note: 'Sinds vannacht verward en koorts 39,2; dochter Marieke belt terug',
  advice: 'Start amoxicilline 500 mg driemaal daags, controle morgen',
  declineReason: 'Zorgvraag past beter op een GRZ-afdeling in Schiedam',
  consultDeclineReason: 'Zit zelf in een spoedvisite, graag de achterwacht',
  gateAdvice: 'Let op valrisico, fysiotherapie vanaf dag twee',
  teamDeclineReason: 'Wijkverpleegkundige Anouk staat vast bij een andere cliënt',
};
const scanned: Secrets = {
  bsn: secrets.bsn,
  postcode: secrets.postcode,
  age: secrets.age,
  texts: [secrets.note, secrets.advice, secrets.declineReason, secrets.consultDeclineReason, secrets.gateAdvice, secrets.teamDeclineReason],
};
const patient = { bsn: secrets.bsn, postcode: secrets.postcode, age: secrets.age };

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Message = { caseId: string; recipient: string; body: string };
const caseOf = async (caseId: string) => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const messagesFor = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Message[]).filter((m) => m.caseId === caseId);
const linkOf = (m: Message | undefined) => /(http:\/\/\S+\/c\/[\w-]+)/.exec(m?.body ?? '')?.[1] ?? '';
/** The newest answer link texted to an SO for the case that is not one of `seen` (the district team's links aside). */
const newLink = async (caseId: string, seen: string[] = []) => {
  const fresh = (m: Message) => !!linkOf(m) && !seen.includes(linkOf(m)) && !m.recipient.startsWith('district_team');
  const ms = await eventually(() => messagesFor(caseId), (all) => all.some(fresh));
  return linkOf(ms.filter(fresh).at(-1));
};
/** The district team's answer link for a home case (`district_team:Delfshaven`, its backup `…:2`). */
const teamLink = async (caseId: string, recipient = 'district_team:Delfshaven') =>
  linkOf((await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient === recipient))).find((m) => m.recipient === recipient));
const answer = async (link: string, fields: Record<string, string>) => {
  const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  expect(res.status).toBe(200);
};
const refer = async (changes: Parameters<typeof referral>[0]) => {
  const res = await postJson(`${stack.url}/referrals`, referral({ ...changes, patient: { ...changes?.patient, ...patient } }));
  expect(res.status).toBe(201);
  return res.body.caseId as string;
};
const statusOf = (caseId: string, statuses: string[]) => eventually(() => caseOf(caseId), (c) => statuses.includes(c.status));
/**
 * The facility is texted once the workflow waits for it (its task token is on the case): it
 * confirms or cancels after that, as people do. (Acting in the instant before is a race of
 * its own, see test/integration/admission-token-race.test.ts.)
 */
const nurseTexted = (caseId: string) => eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient.startsWith('transfer_nurse')));
const all = (): Execution[] => [...stack.engine.executions(), ...stack.consultationEngine.executions()];

describe('the executions of a day of realistic cases', () => {
  it('run the scenarios: home, a HAP escalation, SO advice and declines, the herstelkliniek gate, a placement again', async () => {
    // A GP refers an 86-year-old with a BSN: home with the district team.
    const home = await refer({});
    await statusOf(home, ['notified']);
    // The district team cannot go, and says why; its backup goes.
    await answer(await teamLink(home), { answer: 'decline', reason: secrets.teamDeclineReason });
    await answer(await teamLink(home, 'district_team:Delfshaven:2'), { answer: 'accept' });

    // The HAP triagist escalates with a note; the on-call SO answers with an advice.
    expect((await postJson(`${stack.url}/cases/${home}/escalations`, { note: secrets.note, urgency: 'U3' })).status).toBe(202);
    const first = await newLink(home);
    await answer(first, { answer: 'advise', advice: secrets.advice });
    // Escalated again: the first SO declines with a reason, the next in the chain accepts.
    expect((await postJson(`${stack.url}/cases/${home}/escalations`, { note: secrets.note, urgency: 'U3' })).status).toBe(202);
    const second = await newLink(home, [first]);
    await answer(second, { answer: 'decline', reason: secrets.consultDeclineReason });
    const third = await newLink(home, [first, second]);
    await answer(third, { answer: 'accept' });

    // An ACP "no hospital" wish with a hospital-level need, stable and safe: home, and the tree asks the SO.
    const acp = await refer({ acp: { noHospitalAdmission: true }, presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } });
    await answer(await newLink(acp), { answer: 'accept' });
    await answer(await teamLink(acp), { answer: 'accept' });
    // The SEH: its transfer desk is texted.
    await statusOf(await refer({ presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } }), ['notified']);

    // A herstelkliniek: the SO gate accepts with an advice, the transfer nurse confirms, later the discharge.
    const admitted = await refer({ presentation: { safeAtHomeWithSupport: false } });
    await statusOf(admitted, ['bed_held']);
    await answer(await newLink(admitted), { answer: 'advise', advice: secrets.gateAdvice });
    await nurseTexted(admitted);
    expect((await postJson(`${stack.url}/cases/${admitted}/admission`)).status).toBe(200);
    expect((await postJson(`${stack.url}/cases/${admitted}/discharge`, { dischargedTo: 'home' })).status).toBe(200);

    // Another herstelkliniek: the SO declines with a reason; the coordinator places it again,
    // the SO accepts this time, and then the case is cancelled.
    const declined = await refer({ presentation: { safeAtHomeWithSupport: false, delirium: true } });
    await statusOf(declined, ['bed_held']);
    const gate = await newLink(declined);
    await answer(gate, { answer: 'decline', reason: secrets.declineReason });
    await statusOf(declined, ['escalated']);
    expect((await postJson(`${stack.url}/cases/${declined}/placement`)).status).toBe(202);
    await statusOf(declined, ['bed_held']);
    await answer(await newLink(declined, [gate]), { answer: 'accept' });
    await nurseTexted(declined);
    expect((await postJson(`${stack.url}/cases/${declined}/cancel`)).status).toBe(200);

    // A wijkkliniek bed, confirmed; and a life-threatening referral by the HAP: call 112.
    const wijk = await refer({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
    await nurseTexted(wijk);
    expect((await postJson(`${stack.url}/cases/${wijk}/admission`)).status).toBe(200);
    await refer({ presentation: { lifeThreatening: true }, referrer: { role: 'hap_triagist' } });

    // Every execution has come to its end.
    const brief = () => all().map((e) => `${e.name} ${e.status} ${e.path.at(-1)}`);
    await eventually(brief, (es) => es.length >= 10 && es.every((e) => !e.includes(' RUNNING ')), 30_000);
    const finished = all();
    expect(finished.filter((e) => e.status === 'FAILED').map((e) => [e.name, e.error, e.cause])).toEqual([]);
    const ends = new Set(finished.map((e) => e.path.at(-1)));
    for (const end of ['Done', 'Answered', 'AdmissionConfirmed', 'NotSuitable', 'Cancelled', 'StopCall112']) expect(ends).toContain(end);
  }, 90_000);

  it('the history the scan reads is the whole of it: every state in, every state out, every task', () => {
    const executions = all();
    for (const e of executions.filter((x) => x.status !== 'RUNNING')) {
      expect(e.history?.filter((h) => h.type === 'StateEntered').map((h) => h.state)).toEqual(e.path);
      expect(e.history?.filter((h) => h.type === 'StateExited')).toHaveLength(e.path.length);
    }
    const tasks = new Set(executions.flatMap((e) => (e.history ?? []).filter((h) => h.type === 'TaskSucceeded').map((h) => h.state)));
    for (const task of ['RecordDecision', 'PlaceCase', 'NotifyDestination', 'DistrictTeamAwaitAnswerU3', 'RequestSoConsultation', 'GateAwaitSoAnswerU3', 'StartAdmissionClock', 'AwaitAdmission', 'SoDeclined', 'SelectConsultee', 'AwaitSoAnswerU3']) {
      expect(tasks).toContain(task);
    }
    // The routing facts are there, where the Choice states read them: so the scan below is not vacuous.
    const input = stack.engine.executions()[0]?.input as { referral: { presentation: Record<string, unknown> } };
    expect(input.referral.presentation).toMatchObject({ safeAtHomeWithSupport: true, delirium: false });
  });

  it('no execution holds an identifier or free text, and the routing facts stay in $.referral', () => {
    const findings = scanExecutions(all(), scanned, currentTree);
    // One line per kind of finding, with where it was first seen and how often.
    const summary = new Map<string, { first: string; count: number }>();
    for (const f of findings) {
      const key = `${f.where.replace(/^(\w+) /, '$1 ')} ${f.path.replace(/\[\d+\]/g, '[]')}: ${f.what.replace(/ "[^"]*"$/, '')}`;
      const seen = summary.get(key) ?? { first: f.execution, count: 0 };
      seen.count++;
      summary.set(key, seen);
    }
    expect([...summary].map(([k, v]) => `${k} (${v.count}×, e.g. ${v.first})`)).toEqual([]);
  });

  it('the scan does find a leak when there is one', () => {
    const leaky = { ...all()[0], name: 'planted' } as Execution;
    leaky.history = [
      { type: 'TaskSucceeded', state: 'RecordDecision', output: { destination: 'home', reasons: ['Veilig thuis met ondersteuning → thuis.'], facts: { 'presentation.delirium': false } } },
      { type: 'StateEntered', state: 'PlaceCase', input: { caseId: 'VT-AAAAAA', note: secrets.note, patient: { age: 86, postcode: '3021AB', bsn: secrets.bsn } } },
    ];
    const whats = scanExecutions([leaky], scanned, currentTree).filter((f) => /^(TaskSucceeded|StateEntered) /.test(f.where)).map((f) => f.what);
    for (const what of ['key "reasons"', 'prose', 'key "facts"', 'routing fact "presentation.delirium"', 'free text', 'key "age"', 'the age 86', 'the postcode', 'the BSN']) {
      expect(whats.some((w) => w.startsWith(what))).toBe(true);
    }
    expect(executionData(leaky).length).toBeGreaterThan(2);
  });
});
