import { deps } from '../adapters/deps';
import type { ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';
import { selectConsultee } from '../use-cases/select-consultee';

/** Consultation task SelectConsultee: is anyone left in the on-call chain for this attempt? */
export const handler = taskHandler(async function SelectConsultee(input: ConsultationInput) {
  return selectConsultee(deps(), input);
});
