import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import { buildApp } from '../../infra/build-app';
import { resolveIntrinsics } from '../../local/synthesized-definition';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, executionArn, finishedExecution, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import type { Case } from '../../functions/domain/case';
import { storeCase } from '../support/cases';
import { smsLeaks, withoutAllowedParts } from '../../functions/domain/sms-privacy';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const scan = async (table: 'cases' | 'audit' | 'notifications') =>
  (await documentClient().send(new ScanCommand({ TableName: config().tableName(table) }))).Items ?? [];

/** The wijkkliniek case of the first scenario, admitted at its end; the overview lists it. */
let admitted: string;

describe('a GP refers an 86-year-old with pneumonia, low complex and stable', () => {
  let caseId: string;

  it('answers 201 with a case id', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({
      patient: { age: 86 },
      presentation: { medicalSpecialistCareNeeded: true, complexity: 'low', condition: 'pneumonia', safeAtHomeWithSupport: false },
    }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId: expect.stringMatching(/^VT-/), status: 'referred' });
    caseId = res.body.caseId;
    admitted = caseId;
  });

  it('decides wijkkliniek with reasons and holds a bed there', async () => {
    const found = await caseWithStatus(stack, caseId, ['bed_held']);
    expect(found.decision).toMatchObject({ destination: 'wijkkliniek', treeVersion: 'rotterdam-v2', treatingPhysician: 'medical_specialist' });
    expect(found.decision.reasons[0]).toContain('pneumonie');
    expect(found.hold).toEqual({ facilityId: expect.stringMatching(/^wk-/), ward: 'algemeen', expiresAt: expect.any(String) });
    expect(found.placement).toMatchObject({ destination: 'wijkkliniek', facilityId: found.hold.facilityId });
    expect(found.owner).toEqual({ role: 'transfer_nurse', id: found.hold.facilityId });
    expect(found).not.toHaveProperty('admissionTaskToken');
  });

  it('texts the transfer nurse of that facility, without identifying details', async () => {
    const messages = await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId),
      (ms) => ms.length === 1,
    );
    expect(messages[0]).toMatchObject({ to: expect.stringMatching(/^\+31/), sentAt: expect.any(String), recipient: expect.stringMatching(/^transfer_nurse:wk-/) });
    expect(messages[0].body).toContain(caseId);
    // This patient's own facts, after links (whose random port may hold "86") and the case reference are taken out.
    expect(withoutAllowedParts(messages[0].body)).not.toMatch(/\b(3021|86)\b|pneumoni/i);
    expect(smsLeaks(messages[0].body)).toEqual([]);
  });

  it('completes the workflow when the facility confirms admission', async () => {
    // The SMS goes out just before the step lands on the timeline; a nurse is never that quick.
    await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.timeline.some((t: { step: string }) => t.step === 'notified'));
    const res = await postJson(`${stack.url}/cases/${caseId}/admission`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('admission_confirmed');
    const execution = await finishedExecution(stack, caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual([
      'IsPlacementAgain', 'FactDefaults', 'MergeFactDefaults', 'ApplyPatientFacts', 'ApplyPresentationFacts', 'CheckLifeThreatening',
      'CheckPalliativeCareAtHome', 'CheckPalliativeHerstelkliniek', 'CheckFractureImaging', 'CheckTreatmentAtHome', 'CheckWijkkliniekLowComplex', 'WijkkliniekLowComplex', 'RecordDecision',
      'IsCall112', 'NeedsSoConsultation', 'PlaceCase', 'IsBedHeld', 'AwaitAdmission', 'AdmissionConfirmed',
    ]);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.timeline.map((t: { step: string }) => t.step)).toEqual(['referred', 'triaged', 'bed_held', 'notified', 'admission_confirmed']);
  });

  it('logged every access to the case', async () => {
    const audit = (await scan('audit')).filter((a) => a.caseId === caseId);
    const entries = audit.map((a) => `${a.action} ${a.via}`);
    expect(entries).toEqual(
      expect.arrayContaining([
        'referral.create POST /referrals',
        'workflow.update workflow:RecordDecision',
        'workflow.update workflow:PlaceCase',
        'workflow.update workflow:AwaitAdmission',
        'case.read GET /cases/{caseId}',
        'case.confirm_admission POST /cases/{caseId}/admission',
      ]),
    );
    // The steps read nothing (their facts come with the workflow): one entry each, for their change.
    expect(entries.filter((e) => e.startsWith('workflow.'))).toEqual(['workflow.update workflow:RecordDecision', 'workflow.update workflow:PlaceCase', 'workflow.update workflow:AwaitAdmission']);
    // One request, one entry: the confirmation is not also logged as a read, and names the person.
    expect(entries.filter((e) => e.endsWith('POST /cases/{caseId}/admission'))).toHaveLength(1);
    expect(audit.find((a) => a.action === 'referral.create')).toMatchObject({ actor: { username: 'huisarts-jansen', role: 'gp' }, outcome: 'allowed' });
    expect(audit.find((a) => a.action === 'workflow.update')).toMatchObject({ actor: { role: 'system' }, onBehalfOf: 'huisarts-jansen' });
  });
});

describe('a held bed waits by urgency', () => {
  it('U2 one hour, U3 two, U4 and U5 four', async () => {
    for (const [urgency, hours] of [['U2', 1], ['U3', 2], ['U5', 4]] as const) {
      const res = await postJson(`${stack.url}/referrals`, referral({ presentation: { urgency, medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } }));
      const held = await caseWithStatus(stack, res.body.caseId, ['bed_held']);
      const heldAt = held.timeline.find((t: { step: string }) => t.step === 'bed_held').at;
      expect(Math.round((Date.parse(held.hold.expiresAt) - Date.parse(heldAt)) / 3_600_000), urgency).toBe(hours);
      await postJson(`${stack.url}/cases/${res.body.caseId}/cancel`);
    }
  });
});

describe('a HAP triagist refers someone who turns out to be U1', () => {
  it('records the case, says call 112 and stops without texting anyone', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ presentation: { urgency: 'U1' }, referrer: { role: 'hap_triagist' } }));
    expect(res.status).toBe(201);
    const execution = await finishedExecution(stack, res.body.caseId);
    expect(execution.path.slice(-2)).toEqual(['IsCall112', 'StopCall112']);
    const found = await getJson(`${stack.url}/cases/${res.body.caseId}`);
    expect(found.body.status).toBe('call_112');
    expect(found.body.decision).toMatchObject({ destination: 'call_112', ruleId: 'R1', treeVersion: 'rotterdam-v2', treatingPhysician: 'none' });
    const outbox = await getJson(`${stack.url}/local/outbox`);
    expect(outbox.body.filter((m: { caseId: string }) => m.caseId === res.body.caseId)).toEqual([]);
  });
});

describe('a GP refers someone safe at home in Delfshaven', () => {
  it('texts the acute district team of Delfshaven on duty', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral());
    const found = await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(found.placement.destination).toBe('home');
    const [message] = (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === res.body.caseId);
    expect(message.recipient).toBe('district_team:Delfshaven');
  });
});

describe('a GP refers someone with an ACP wish of no hospital, high complex, safe at home', () => {
  it('goes home, and the on-call SO gets a consultation request', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ acp: { noHospitalAdmission: true }, presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } }));
    const found = await caseWithStatus(stack, res.body.caseId, ['notified']);
    expect(found.decision.flags).toContain('so_consultation');
    const consultation = await eventually(
      () => stack.consultationEngine.executions().find((e) => e.name === `${res.body.caseId}-so`),
      (e) => !!e && e.path.some((s) => s.startsWith('AwaitSoAnswer')),
    );
    expect(consultation?.status).toBe('RUNNING');
    // The referral workflow asked the SO on its way home, and now waits for the district team to confirm.
    expect(stack.engine.describe(executionArn(res.body.caseId))?.path).toEqual(expect.arrayContaining(['RequestSoConsultation', 'ConfirmHome']));
    const texts = await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === res.body.caseId),
      (ms) => ms.length === 2,
    );
    const kinds = texts.map((m: { recipient: string }) => m.recipient.split(':')[0]);
    expect(kinds).toContain('district_team');
    expect(kinds.filter((k: string) => k === 'so' || k === 'vs_pa')).toHaveLength(1);
  });
});

describe("the coordinator's overview of the region", () => {
  // continuity: { linked, flags } only, codes, no patient fact.
  const summaryFields = ['caseId', 'continuity', 'createdAt', 'destination', 'group', 'owner', 'placement', 'status', 'stayEndsAt', 'updatedAt', 'urgency'];
  const stored = async (changes: Partial<Case>) =>
    (await storeCase({ status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, ...changes }, referral({ patient: { bsn: '111222333' } }))).caseId;

  it('lists the cases that need the coordinator first, then open, then closed, without patient facts', async () => {
    const unplaced = await stored({});
    // Admitted, but its SO consultation went unanswered: the coordinator holds it, so it is not "closed".
    const admittedUnanswered = await stored({ status: 'admission_confirmed' });
    const oldOne = await stored({ createdAt: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    const res = await getJson(`${stack.url}/cases`);
    expect(res.status).toBe(200);
    expect(res.body.sinceDays).toBe(7);
    const cases = res.body.cases as Array<Record<string, any>>;
    const ids = cases.map((c) => c.caseId);
    expect(ids).toContain(unplaced);
    expect(ids).toContain(admitted);
    expect(ids).not.toContain(oldOne);
    expect(cases.find((c) => c.caseId === unplaced)).toMatchObject({ group: 'coordinator', status: 'escalated', owner: { role: 'coordinator' } });
    expect(cases.find((c) => c.caseId === admittedUnanswered)).toMatchObject({ group: 'coordinator' });
    // A person who referred is shown by role only, never by their username.
    const byGp = cases.filter((c) => c.owner.role === 'gp');
    expect(byGp.length).toBeGreaterThan(0);
    for (const c of byGp) expect(c.owner).toEqual({ role: 'gp' });
    expect(cases.find((c) => c.caseId === admitted)).toMatchObject({ group: 'closed', status: 'admission_confirmed', destination: 'wijkkliniek', urgency: 'U3', placement: { destination: 'wijkkliniek' } });
    const groups = cases.map((c) => c.group);
    expect(groups).toEqual([...groups].sort((a, b) => ['coordinator', 'open', 'closed'].indexOf(a) - ['coordinator', 'open', 'closed'].indexOf(b)));
    for (const c of cases) expect(Object.keys(c).every((k) => summaryFields.includes(k)), Object.keys(c).join()).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/111222333|3021|postcode|bsn|"age"|"ward"/);
    // Fourteen days back, the older case is there too.
    expect((await getJson(`${stack.url}/cases?sinceDays=14`)).body.cases.map((c: { caseId: string }) => c.caseId)).toContain(oldOne);
    const audit = (await scan('audit')).filter((a) => a.caseId === 'overzicht:rotterdam').map((a) => a.via);
    expect(audit).toEqual(expect.arrayContaining(['GET /cases?sinceDays=7', 'GET /cases?sinceDays=14']));
  });

  it('refuses a period that is not 1 to 31 whole days, naming the parameter', async () => {
    for (const bad of ['0', '32', '1.5', 'abc']) {
      const res = await getJson(`${stack.url}/cases?sinceDays=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.errors[0].path).toBe('sinceDays');
    }
  });
});

describe('bad input', () => {
  it('gets 400 naming each field, and leaves no case, audit entry or message behind', async () => {
    const before = await Promise.all([scan('cases'), scan('audit'), scan('notifications')]);
    const bad = referral({ patient: { postcode: 'abc' }, presentation: { urgency: 'U7' as never } });
    const res = await postJson(`${stack.url}/referrals`, bad);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['patient.postcode', 'presentation.urgency']);
    const after = await Promise.all([scan('cases'), scan('audit'), scan('notifications')]);
    expect(after.map((t) => t.length)).toEqual(before.map((t) => t.length));
  });

  it('gets 400 for a body that is not JSON', async () => {
    const res = await postJson(`${stack.url}/referrals`, '{not json');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('(body)');
  });

  it('gets 404 for an unknown case', async () => {
    expect((await getJson(`${stack.url}/cases/VT-ZZZZZZ`)).status).toBe(404);
  });
});

describe('the local runtime runs the synthesized definition', () => {
  it('is exactly the DefinitionString of the CDK workflow stack', () => {
    const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    const machines = Template.fromStack(built.workflow).findResources('AWS::StepFunctions::StateMachine');
    const machine = Object.entries(machines).find(([id]) => id.startsWith('ReferralWorkflow'))?.[1] as { Properties: { DefinitionString: unknown } };
    expect(stack.definition).toEqual(JSON.parse(resolveIntrinsics(machine?.Properties.DefinitionString)));
  });

  it('has no hand-written state machine file to drift from', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    expect(['workflows', 'local'].flatMap(files).filter((f) => /\.(asl\.)?json$/.test(f))).toEqual([]);
  });
});
