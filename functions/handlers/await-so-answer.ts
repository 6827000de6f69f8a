import { deps } from '../adapters/deps';
import { requestConsultation, type ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';

/** Consultation task AwaitSoAnswer* (.waitForTaskToken): texts the consultee a single-use link. */
export const handler = taskHandler(async function requestConsultationTask(input: ConsultationInput & { taskToken: string; timeoutSeconds: number }) {
  return requestConsultation(deps(), input);
});
