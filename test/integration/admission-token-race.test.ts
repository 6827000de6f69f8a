import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { documentClient } from '../../functions/adapters/dynamo';
import type { LocalStack } from '../../local/local-stack';
import { eventually, executionArn, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/**
 * A facility that confirms (or cancels) a held bed in the instant between PlaceCase and
 * AwaitAdmission storing its task token (found by test/integration/execution-privacy.test.ts,
 * where it once made an execution hang): the confirmation reads the case without a token,
 * AwaitAdmission stores one, then the confirmation ends the hold. The end of the hold is
 * conditional on the token the action read (`attribute_not_exists(admissionTaskToken)` or
 * `= :tokenSeen`), so the action's write fails, it reads again, and answers the workflow with
 * the token. Before that fix the case was right but the execution waited until the hold
 * timeout.
 *
 * The window is made wide and certain by delaying two DynamoDB requests at the client: the
 * token's write by 0.5 s and the confirmation's transaction by 1.5 s.
 */
let stack: LocalStack;
const name = 'delayAdmissionWrites';
beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([testFacility({ facilityId: 'wk-race-token', kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 4, free: 4, held: 0 }] })]);
  const delay: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    const body = String((args.request as { body?: unknown }).body ?? '');
    if (body.includes('SET admissionTaskToken = :token')) await new Promise((r) => setTimeout(r, 500));
    if (body.includes('"TransactItems"') && /"S":"(admission_confirmed|cancelled)"/.test(body)) await new Promise((r) => setTimeout(r, 1500));
    return next(args);
  };
  documentClient().middlewareStack.add(delay as never, { step: 'finalizeRequest', priority: 'low', name });
});
afterAll(async () => {
  documentClient().middlewareStack.remove(name);
  await stack?.stop();
});

const pneumonia = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });

describe('a facility acting in the instant before the workflow waits for it', () => {
  for (const [action, end] of [['admission', 'AdmissionConfirmed'], ['cancel', 'Cancelled']] as const) {
    it(`${action}: the case is right, and the workflow hears of it (${end})`, async () => {
      const { body } = await postJson(`${stack.url}/referrals`, pneumonia);
      const caseId = body.caseId as string;
      await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.status === 'bed_held', 10_000);
      expect((await postJson(`${stack.url}/cases/${caseId}/${action}`)).status).toBe(200);
      const c = (await getJson(`${stack.url}/cases/${caseId}`)).body;
      expect(c.status).toBe(action === 'admission' ? 'admission_confirmed' : 'cancelled');
      // The hold's end was conditional on the token the action read: it read again and answered the workflow.
      const e = await eventually(() => stack.engine.describe(executionArn(caseId)), (x) => x?.status !== 'RUNNING', 10_000);
      expect([e?.status, e?.path.at(-1)]).toEqual(['SUCCEEDED', end]);
    }, 30_000);
  }
});
