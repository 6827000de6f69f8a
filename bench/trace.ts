/** npm run bench:trace — lists each DynamoDB request one home and one wijkkliniek referral make, with its table and the step that sent it. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { documentClient } from '../functions/adapters/dynamo';
import { startLocalStack } from '../local/local-stack';
import { referral } from '../test/support/referral';

const stack = await startLocalStack({ port: 0, tablePrefix: 'trace-' });
const signIn = async (username: string) => {
  const res = await fetch(`${stack.url}/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
};
const gp = await signIn('huisarts-jansen');
let lines: string[] | undefined;
documentClient().middlewareStack.add(
  (next, context) => async (args) => {
    const name = String((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
    const input = (args as { input?: Record<string, unknown> }).input ?? {};
    const tables = input.TransactItems
      ? (input.TransactItems as Array<Record<string, { TableName?: string }>>).map((t) => `${Object.keys(t)[0]}:${Object.values(t)[0]?.TableName}`).join(', ')
      : String(input.TableName ?? Object.keys((input.RequestItems as object) ?? {}).join(','));
    const site = (new Error().stack ?? '').split('\n').find((l) => /use-cases|adapters\/(?!dynamo\.ts)/.test(l))?.trim().replace(/^at /, '').replace(/\(.*\/functions\//, '(') ?? '';
    lines?.push(`${name.padEnd(18)} ${tables.replace(/trace-/g, '').padEnd(40)} ${site}`);
    return next(args);
  },
  { step: 'initialize', name: 'trace' },
);
for (const [label, body] of [
  ['home', referral()],
  ['wijkkliniek', referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } })],
] as const) {
  lines = [];
  await fetch(`${stack.url}/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', ...gp }, body: JSON.stringify(body) });
  await new Promise((r) => setTimeout(r, 1500));
  console.log(`\n${label}: ${lines.length} requests`);
  for (const l of lines) console.log(`  ${l}`);
}
await stack.stop();
process.exit(0);
