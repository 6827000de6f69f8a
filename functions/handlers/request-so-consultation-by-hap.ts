import { deps } from '../adapters/deps';
import { soConsultationRequestSchema } from '../domain/consultation';
import { httpHandler } from '../lib/http';
import { requestSoConsultationByHap } from '../use-cases/request-so-consultation-by-hap';

/** POST /cases/{caseId}/escalations { note, urgency } → 202; a HAP triagist's SO consultation starts at that urgency. */
export const handler = httpHandler({ schema: soConsultationRequestSchema }, async ({ pathParameters, input, access }) => ({
  statusCode: 202,
  body: await requestSoConsultationByHap(deps(), pathParameters.caseId ?? '', input, access),
}));
