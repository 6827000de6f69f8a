import { auditEntry } from '../domain/audit';
import { closedStatuses } from '../domain/case';
import { consultationAccess } from './authorize';
import type { ConsultationInput } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, Roster } from '../domain/ports';

/** Consultation step SelectConsultee: is the case still open, and is someone left in the chain for this attempt? */
export async function selectConsultee(deps: { roster: Pick<Roster, 'soChain'>; clock: Clock; cases: Pick<CaseStore, 'get'>; audit: AuditLog }, input: ConsultationInput) {
  const c = await deps.cases.get(input.caseId);
  if (c) await deps.audit.record(auditEntry(consultationAccess(c, 'workflow:SelectConsultee'), 'workflow.read', { caseId: input.caseId, bsn: c.referral.patient.bsn }));
  // The herstelkliniek gate asks only while its bed is held; a cancelled or handed-over case needs no answer.
  const gone = !c || closedStatuses.includes(c.status) || (input.reason === 'herstelkliniek_gate' && c.status !== 'bed_held');
  if (gone) return { closed: true, hasConsultee: false, role: 'none', chainLength: 0 };
  const chain = await deps.roster.soChain(deps.clock.now());
  const next = chain[input.attempt];
  return { closed: false, hasConsultee: !!next, role: next?.role ?? 'coordinator', chainLength: chain.length };
}
