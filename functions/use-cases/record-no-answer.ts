import { systemActor } from '../domain/case';
import type { ConsultationInput } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, Roster } from '../domain/ports';

/** Consultation step RecordNoAnswer: the consultee let the time pass. */
export async function recordNoAnswer(deps: { cases: Pick<CaseStore, 'appendTimeline'>; clock: Clock; roster: Pick<Roster, 'soChain'>; audit: AuditLog }, input: ConsultationInput) {
  const chain = await deps.roster.soChain(deps.clock.now());
  const who = chain[input.attempt]?.name ?? `consulent ${input.attempt + 1}`;
  await deps.cases.appendTimeline(input.caseId, {
    at: deps.clock.now().toISOString(),
    step: 'consultation_unanswered',
    by: systemActor,
    detail: `Geen antwoord van ${who} binnen de tijd; door naar de volgende`,
  });
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'update', via: 'workflow:RecordNoAnswer' });
  return {};
}
