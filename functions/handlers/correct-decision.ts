import { deps } from '../adapters/deps';
import { decisionCorrectionSchema } from '../domain/decision-correction';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { correctCaseDecision } from '../use-cases/correct-decision';

/** POST /cases/{caseId}/decision { destination, ward?, reason, overrideSafety? } → 202 and the case, back in `triaged`; the workflow places it again. */
export const handler = httpHandler({ schema: decisionCorrectionSchema }, async ({ pathParameters, input, access }) => ({
  statusCode: 202,
  body: caseFor(access, await correctCaseDecision(deps(), pathParameters.caseId ?? '', input, access)),
}));
