import { coordinatorOf, systemActor, withCoordinator } from '../domain/case';
import { isTeamQuestion, reasonText, teamLabels, type ConsultationInput } from '../domain/consultation';
import type { CaseChange } from '../domain/ports';
import type { CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { auditEntry } from '../domain/audit';
import { consultationAccess } from './authorize';
import { loadCase } from './load-case';
import { caseLink, type TextingDeps } from './sms-context';

export interface NotifyCoordinatorDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  roster: Pick<Roster, 'coordinator'>;
}

/**
 * Consultation step NotifyCoordinator: nobody in the chain answered; the consultation is
 * handed to the coordinator, who becomes the owner. Also step ConsultationFailed
 * (`failed`): a fault stopped the consultation, so a person takes over rather than the
 * question being dropped.
 */
export async function handConsultationToCoordinator(deps: NotifyCoordinatorDeps, input: ConsultationInput & { failed?: boolean }) {
  const now = deps.clock.now();
  const via = input.failed ? 'workflow:ConsultationFailed' : 'workflow:NotifyCoordinator';
  const c = await loadCase(deps, input.caseId, (found) => consultationAccess(found, via));
  const coordinator = await deps.roster.coordinator(now);
  const { reason } = input;
  const team = isTeamQuestion(reason) ? reason : undefined;
  await deps.notifier.send({
    to: coordinator.phone,
    recipient: coordinator.recipient,
    caseId: input.caseId,
    body: smsTemplates[input.failed ? 'consultationFailed' : 'consultationUnanswered']({
      caseId: input.caseId,
      urgency: input.urgency,
      region: c.region,
      // Which team stays out of the text (a psychogeriatric team hints at the diagnosis).
      question: team ? 'bevestiging team thuis' : reasonText(reason),
      link: caseLink(deps, input.caseId),
      callback: deps.callback,
    }),
  });
  // Nobody of the district team goes: the coordinator holds the home case (and may place it again).
  const change: CaseChange =
    team === 'district_team' && ['triaged', 'notified'].includes(c.status) ? { owner: coordinatorOf(c.region), status: withCoordinator, from: ['triaged', 'notified'] } : { owner: coordinatorOf(c.region) };
  await deps.cases.appendTimeline(
    input.caseId,
    {
      at: now.toISOString(),
      step: team ? `${team}_escalated` : input.failed ? 'consultation_failed' : 'consultation_escalated',
      by: systemActor,
      detail: team
        ? `Niemand van het ${teamLabels[team]} bevestigde; coördinator ingeschakeld`
        : input.failed
          ? 'Het consult kon door een storing niet verder; coördinator ingeschakeld'
          : 'Niemand in de SO-dienstketen antwoordde; coördinator ingeschakeld',
    },
    change,
    auditEntry(consultationAccess(c, via), 'workflow.update', { caseId: input.caseId, bsn: c.referral.patient.bsn }),
  );
  return {};
}
