import { deps } from '../adapters/deps';
import type { ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';
import { handConsultationToCoordinator } from '../use-cases/notify-coordinator';

/**
 * Consultation tasks NotifyCoordinator (the whole chain was silent or declined) and
 * ConsultationFailed (a fault stopped it): the coordinator is texted and takes the case.
 */
export const handler = taskHandler(async function NotifyCoordinator(input: ConsultationInput & { failed?: boolean }) {
  return handConsultationToCoordinator(deps(), input);
});
