import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';

/** Referral task RequestSoConsultation: the tree asked for an SO consultation; start that workflow. */
export const handler = taskHandler(async function startConsultationTask(input: { caseId: string; urgency: string }) {
  const { executionArn } = await deps().workflow.startConsultation(`${input.caseId}-so`, {
    caseId: input.caseId,
    urgency: input.urgency,
    reason: 'flag',
    attempt: 0,
  });
  return { executionArn };
});
