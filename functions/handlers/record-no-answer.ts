import { deps } from '../adapters/deps';
import type { ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';
import { recordNoAnswer } from '../use-cases/record-no-answer';

/** Consultation task RecordNoAnswer: notes on the case that the consultee did not answer in time. */
export const handler = taskHandler(async function RecordNoAnswer(input: ConsultationInput) {
  return recordNoAnswer(deps(), input);
});
