import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitializeMiddleware } from '@smithy/types';
import { documentClient } from '../../functions/adapters/dynamo';
import type { LocalStack } from '../../local/local-stack';
import { eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * A district team's text is sent before the step's one transaction (case, link, access-log
 * entry, the text's record). When that transaction does not go through, the text is out all
 * the same, so its record must not be lost: it is then written on its own. Here the first
 * such transaction fails as DynamoDB throttling does when the SDK gives up.
 */
let stack: LocalStack;
const name = 'failFirstTeamTransaction';
let failed = 0;
beforeAll(async () => {
  stack = await startTestStack();
  const fail: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    const input = (args as { input?: { TransactItems?: Array<{ Put?: { TableName?: string } }> } }).input;
    const texted = /^TransactWrite(Items)?Command$/.test(String((context as { commandName?: string }).commandName)) && input?.TransactItems?.some((i) => String(i.Put?.TableName).endsWith('consultations'));
    if (texted && failed === 0) {
      failed++;
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), { name: 'ThrottlingException', $fault: 'client' });
    }
    return next(args);
  };
  documentClient().middlewareStack.add(fail as never, { step: 'initialize', name });
});
afterAll(async () => {
  documentClient().middlewareStack.remove(name);
  await stack?.stop();
});

describe('a team text whose step could not write', () => {
  it('keeps its record in the outbox, and the case is not lost', async () => {
    const { caseId } = (await postJson(`${stack.url}/referrals`, referral())).body as { caseId: string };
    const texts = await eventually(
      async () => ((await getJson(`${stack.url}/local/outbox`)).body as Array<{ caseId: string; recipient: string; body: string }>).filter((m) => m.caseId === caseId),
      (ms) => ms.some((m) => m.recipient.startsWith('district_team')),
      10_000,
    );
    expect(failed).toBe(1);
    expect(texts.filter((m) => m.recipient.startsWith('district_team')).length).toBeGreaterThanOrEqual(1);
    // The failed step is handed to the coordinator (or retried): the case moves on either way.
    const c = await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (x) => ['notified', 'escalated'].includes(x.status), 10_000);
    expect(c.timeline.length).toBeGreaterThan(2);
  }, 30_000);
});
