import { deps } from '../adapters/deps';
import { recordNoAnswer, type ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';

/** Consultation task RecordNoAnswer: notes on the case that the consultee did not answer in time. */
export const handler = taskHandler(async function recordNoAnswerTask(input: ConsultationInput) {
  return recordNoAnswer(deps(), input);
});
