import type { Actor } from '../domain/case';
import { auditEntry } from '../domain/audit';
import { answerLabels, linkActor, type ConsultationAnswerInput } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, ConsultationStore, Workflows } from '../domain/ports';
import { ValidationError } from '../domain/errors';
import { noteWorkflowGone } from './note-workflow-gone';
import { inspectLink } from './show-consultation-link';

export interface AnswerConsultationDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  audit: AuditLog;
  clock: Clock;
  consultations: Pick<ConsultationStore, 'get' | 'answer'>;
  workflows: Pick<Workflows, 'sendTaskSuccess'>;
}

/** POST /c/{token}: records the answer once, resumes the workflow, logs it on the case. */
export async function answerConsultation(
  deps: AnswerConsultationDeps,
  token: string,
  { answer, advice, reason }: ConsultationAnswerInput,
  via: string,
  source?: string,
): Promise<{ state: 'answered' } | { state: 'used' | 'expired' | 'unknown' }> {
  const link = await inspectLink(deps, token);
  if (link.state !== 'open') return { state: link.state };
  const gate = link.record.reason === 'herstelkliniek_gate';
  if (gate && answer === 'decline' && !reason) throw new ValidationError([{ path: 'reason', message: 'geef de reden waarom de herstelkliniek niet passend is' }]);
  const now = deps.clock.now();
  if (!(await deps.consultations.answer(link.record.tokenHash, answer, advice, now))) {
    return (await inspectLink(deps, token)).state === 'expired' ? { state: 'expired' } : { state: 'used' };
  }
  const actor: Actor = linkActor(link.record);
  const bsn = (await deps.cases.get(link.record.caseId))?.referral.patient.bsn;
  await deps.cases.appendTimeline(
    link.record.caseId,
    { at: now.toISOString(), step: 'consultation_answered', by: actor, detail: `${link.record.contactName} ${answerLabels[answer]}${advice ? `: ${advice}` : ''}${reason ? ` (reden: ${reason})` : ''}` },
    {},
    auditEntry({ actor, via, ...(source ? { source } : {}) }, 'consultation.answer', { caseId: link.record.caseId, bsn }),
  );
  // Only the answer resumes the workflow: advice and reason are free text, kept on the case and in the store, never in its history.
  if (!(await deps.workflows.sendTaskSuccess(link.record.taskToken, { answer }))) {
    await noteWorkflowGone(deps, link.record.caseId, 'Het consultverzoek was al doorgezet; het antwoord is wel vastgelegd');
  }
  return { state: 'answered' };
}
