import { deps } from '../adapters/deps';
import { escalateToCoordinator, type ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';

/**
 * Consultation tasks NotifyCoordinator (the whole chain was silent or declined) and
 * ConsultationFailed (a fault stopped it): the coordinator is texted and takes the case.
 */
export const handler = taskHandler(async function escalateConsultationTask(input: ConsultationInput & { failed?: boolean }) {
  return escalateToCoordinator(deps(), input);
});
