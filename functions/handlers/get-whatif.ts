import { deps } from '../adapters/deps';
import { DynamoCaseHistory } from '../adapters/dynamo-case-history';
import { config } from '../config';
import { hospitalStay } from '../domain/outcomes';
import { httpHandler } from '../lib/http';
import { runWhatIf, whatIfQuerySchema } from '../use-cases/run-whatif';

/** GET /figures/whatif?extra=2[&days=28] → the last days' referrals against the bed board as it is and with N more beds per kind. */
export const handler = httpHandler({ schema: whatIfQuerySchema, from: ({ query }) => query }, async ({ input, access }) => ({
  statusCode: 200,
  body: await runWhatIf({ ...deps(), history: new DynamoCaseHistory(), hospitalStay: hospitalStay(config().AVERAGE_HOSPITAL_STAY_DAYS) }, input, access),
}));
