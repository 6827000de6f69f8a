import { deps } from '../adapters/deps';
import { selectConsultee, type ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';

/** Consultation task SelectConsultee: is anyone left in the on-call chain for this attempt? */
export const handler = taskHandler(async function selectConsulteeTask(input: ConsultationInput) {
  return selectConsultee(deps(), input);
});
