import { auditEntry } from '../domain/audit';
import { systemActor } from '../domain/case';
import { isTeamQuestion, teamRosterKey, type ConsultationInput } from '../domain/consultation';
import type { AuditLog, CaseStore, Clock, Roster } from '../domain/ports';
import { consultationAccess } from './authorize';
import { requireCase } from './load-case';

/** Consultation step RecordNoAnswer (and a team's <Team>RecordNoAnswer): the consultee let the time pass. */
export async function recordNoAnswer(
  deps: { cases: Pick<CaseStore, 'get' | 'appendTimeline'>; clock: Clock; roster: Pick<Roster, 'soChain' | 'chain'>; audit: AuditLog },
  input: ConsultationInput,
) {
  const c = await requireCase(deps.cases, input.caseId);
  const { reason } = input;
  const team = isTeamQuestion(reason);
  const chain = team ? await deps.roster.chain(teamRosterKey(reason, input.district ?? ''), deps.clock.now()) : await deps.roster.soChain(deps.clock.now());
  const who = chain[input.attempt]?.name ?? `consulent ${input.attempt + 1}`;
  await deps.cases.appendTimeline(
    input.caseId,
    {
      at: deps.clock.now().toISOString(),
      step: team ? `${input.reason}_unanswered` : 'consultation_unanswered',
      by: systemActor,
      detail: `Geen antwoord van ${who} binnen de tijd; door naar de volgende`,
    },
    {},
    auditEntry(consultationAccess(c, 'workflow:RecordNoAnswer'), 'workflow.update', { caseId: input.caseId, bsn: c.referral.patient.bsn }),
  );
  return {};
}
