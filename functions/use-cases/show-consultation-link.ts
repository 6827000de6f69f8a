import { auditEntry } from '../domain/audit';
import { hashToken, isTeamQuestion, linkActor, teamQuestionStands, type LinkState } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, ConsultationStore } from '../domain/ports';

/** What a link's token stands for now; decides nothing. */
export async function inspectLink(deps: { consultations: Pick<ConsultationStore, 'get'>; clock: Clock }, token: string): Promise<LinkState> {
  const record = await deps.consultations.get(hashToken(token));
  if (!record) return { state: 'unknown' };
  const team = isTeamQuestion(record.reason);
  if (record.answeredAt) return { state: 'used', team };
  if (record.expiresAt <= deps.clock.now().toISOString()) return { state: 'expired', team };
  return { state: 'open', record };
}

/**
 * GET /c/{token}: what the confirm page shows (link scanners may open it; it decides
 * nothing) and shows no patient data: the urgency and how long it is valid. Opening an
 * open link is logged for the consultee it was sent to (NEN 7513).
 */
export async function showConsultationLink(
  deps: { consultations: Pick<ConsultationStore, 'get'>; clock: Clock; audit: AuditLog; cases: Pick<CaseStore, 'get'> },
  token: string,
  via: string,
  source?: string,
): Promise<LinkState> {
  const link = await inspectLink(deps, token);
  if (link.state === 'open') {
    const r = link.record;
    const c = await deps.cases.get(r.caseId);
    await deps.audit.record(auditEntry({ actor: linkActor(r), via, ...(source ? { source } : {}) }, 'consultation.open_link', { caseId: r.caseId, bsn: c?.referral.patient.bsn }));
    if (isTeamQuestion(r.reason) && !teamQuestionStands(c)) return { state: 'withdrawn', team: true };
  }
  return link;
}
