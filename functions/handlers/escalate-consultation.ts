import { deps } from '../adapters/deps';
import { escalateToCoordinator, type ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';

/** Consultation task NotifyCoordinator: the whole chain was silent or declined; the coordinator is texted. */
export const handler = taskHandler(async function escalateConsultationTask(input: ConsultationInput) {
  return escalateToCoordinator(deps(), input);
});
