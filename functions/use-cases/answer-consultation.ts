import type { Actor } from '../domain/case';
import { auditEntry } from '../domain/audit';
import { answerLabels, isTeamQuestion, linkActor, teamAnswerLabels, teamAnswers, teamLabels, teamQuestionStands, type ConsultationAnswerInput, type ConsultationRecord, type LinkState, type TeamReason } from '../domain/consultation';
import type { AuditEntry, AuditLog, CaseChange, CaseStore, Clock, ConsultationStore, Workflows } from '../domain/ports';
import { CaseClosedError, ValidationError } from '../domain/errors';
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
): Promise<{ state: 'answered' } | Exclude<LinkState, { state: 'open' }>> {
  const link = await inspectLink(deps, token);
  if (link.state !== 'open') return link;
  const { reason: asked } = link.record;
  if (isTeamQuestion(asked)) return answerTeamQuestion(deps, token, link.record, asked, { answer, reason }, via, source);
  const gate = asked === 'herstelkliniek_gate';
  if (gate && answer === 'decline' && !reason) throw new ValidationError([{ path: 'reason', message: 'geef de reden waarom de herstelkliniek niet passend is' }]);
  const now = deps.clock.now();
  if (!(await deps.consultations.answer(link.record.tokenHash, answer, advice, now))) {
    return (await inspectLink(deps, token)).state === 'expired' ? { state: 'expired', team: false } : { state: 'used', team: false };
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

/**
 * A team's answer to a home decision: "wij gaan" (the district team becomes the case's
 * owner) or "kunnen niet" with a reason (the next in the chain is asked). Once, as the SO's.
 */
async function answerTeamQuestion(
  deps: AnswerConsultationDeps,
  token: string,
  record: ConsultationRecord,
  team: TeamReason,
  { answer, reason }: Pick<ConsultationAnswerInput, 'answer' | 'reason'>,
  via: string,
  source?: string,
): Promise<{ state: 'answered' } | { state: 'used' | 'expired' | 'withdrawn'; team: true }> {
  if (!(teamAnswers as readonly string[]).includes(answer)) throw new ValidationError([{ path: 'answer', message: 'kies "wij gaan" of "kunnen niet"' }]);
  if (answer === 'decline' && !reason) throw new ValidationError([{ path: 'reason', message: 'geef de reden waarom het team niet kan gaan' }]);
  const now = deps.clock.now();
  // Cancelled, corrected elsewhere or with the coordinator: nobody should go, and the link says so.
  const c = await deps.cases.get(record.caseId);
  if (!teamQuestionStands(c)) return { state: 'withdrawn', team: true };
  if (!(await deps.consultations.answer(record.tokenHash, answer, undefined, now))) {
    return (await inspectLink(deps, token)).state === 'expired' ? { state: 'expired', team: true } : { state: 'used', team: true };
  }
  const actor: Actor = linkActor(record);
  const bsn = c?.referral.patient.bsn;
  const said = teamAnswerLabels[answer as (typeof teamAnswers)[number]];
  const entry = {
    at: now.toISOString(),
    step: `${team}_${answer === 'accept' ? 'confirmed' : 'declined'}`,
    by: actor,
    detail: `${record.contactName} (${teamLabels[team]}): ${said}${reason ? ` (reden: ${reason})` : ''}`,
  };
  const audit: AuditEntry = auditEntry({ actor, via, ...(source ? { source } : {}) }, 'consultation.answer', { caseId: record.caseId, bsn });
  // The district team that goes holds the case from now on (regiehouder); FACT-VVT joins it.
  const owner: CaseChange | undefined = team === 'district_team' && answer === 'accept' && record.district ? { owner: { role: 'district_team', id: record.district }, from: ['notified'] } : undefined;
  try {
    await deps.cases.appendTimeline(record.caseId, entry, owner ?? {}, audit);
  } catch (error) {
    // Cancelled or taken by the coordinator meanwhile: the answer is still recorded, the owner stays.
    if (!(owner && error instanceof CaseClosedError)) throw error;
    await deps.cases.appendTimeline(record.caseId, entry, {}, audit);
  }
  // Only the answer resumes the workflow: the reason is free text, kept on the case, never in its history.
  if (!(await deps.workflows.sendTaskSuccess(record.taskToken, { answer }))) {
    await noteWorkflowGone(deps, record.caseId, 'De bevestigingsvraag was al doorgezet; het antwoord is wel vastgelegd');
  }
  return { state: 'answered' };
}
