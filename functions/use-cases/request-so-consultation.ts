import type { ConsultationInput } from '../domain/consultation';
import type { Workflows } from '../domain/ports';

/**
 * Referral workflow step RequestSoConsultation: the tree's `so_consultation` flag asks the
 * on-call SO; the consultation workflow runs beside the placement. One execution name per
 * case, so a retried step starts no second consultation.
 */
export async function requestSoConsultation(deps: { workflows: Pick<Workflows, 'startConsultation'> }, input: { caseId: string; urgency: string }) {
  const consultation: ConsultationInput = { caseId: input.caseId, urgency: input.urgency, reason: 'flag', attempt: 0 };
  const { executionArn } = await deps.workflows.startConsultation(`${input.caseId}-so`, { ...consultation });
  return { executionArn };
}
