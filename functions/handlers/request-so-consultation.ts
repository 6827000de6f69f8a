import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { requestSoConsultation } from '../use-cases/request-so-consultation';

/** Referral task RequestSoConsultation: the tree asked for an SO consultation; start that workflow. */
export const handler = taskHandler(async function RequestSoConsultation(input: { caseId: string; urgency: string }) {
  return requestSoConsultation(deps(), input);
});
