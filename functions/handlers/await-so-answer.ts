import { deps } from '../adapters/deps';
import type { ConsultationInput } from '../domain/consultation';
import { taskHandler } from '../lib/task';
import { awaitSoAnswer } from '../use-cases/await-so-answer';

/** Consultation tasks AwaitSoAnswerU2, AwaitSoAnswerU3, AwaitSoAnswerU4 (.waitForTaskToken): texts the consultee a single-use link. */
export const handler = taskHandler(async function AwaitSoAnswer(input: ConsultationInput & { taskToken: string; timeoutSeconds: number }) {
  return awaitSoAnswer(deps(), input);
});
