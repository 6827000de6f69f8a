import { auditEntry } from '../domain/audit';
import { systemActor } from '../domain/case';
import type { ConsultationInput } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, Roster } from '../domain/ports';
import { consultationAccess } from './authorize';
import { requireCase } from './load-case';

/** Consultation step RecordNoAnswer: the consultee let the time pass. */
export async function recordNoAnswer(
  deps: { cases: Pick<CaseStore, 'get' | 'appendTimeline'>; clock: Clock; roster: Pick<Roster, 'soChain'>; audit: AuditLog },
  input: ConsultationInput,
) {
  const c = await requireCase(deps.cases, input.caseId);
  const chain = await deps.roster.soChain(deps.clock.now());
  const who = chain[input.attempt]?.name ?? `consulent ${input.attempt + 1}`;
  await deps.cases.appendTimeline(
    input.caseId,
    {
      at: deps.clock.now().toISOString(),
      step: 'consultation_unanswered',
      by: systemActor,
      detail: `Geen antwoord van ${who} binnen de tijd; door naar de volgende`,
    },
    {},
    auditEntry(consultationAccess(c, 'workflow:RecordNoAnswer'), 'workflow.update', { caseId: input.caseId, bsn: c.referral.patient.bsn }),
  );
  return {};
}
