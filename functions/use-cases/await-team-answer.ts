import { auditEntry } from '../domain/audit';
import { systemActor, withCoordinator } from '../domain/case';
import { ChainExhaustedError, answerLinkRecord, reasonText, teamLabels, teamRosterKey, type ConsultationInput, type TeamReason } from '../domain/consultation';
import type { Clock, ConsultationStore, DeliveringNotifier, Ids, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { stepAccess } from './authorize';
import type { SmsLinks } from './sms-context';

export interface AwaitTeamAnswerDeps extends SmsLinks {
  clock: Clock;
  region: string;
  ids: Pick<Ids, 'linkToken'>;
  roster: Pick<Roster, 'chain'>;
  notifier: DeliveringNotifier;
  consultations: Pick<ConsultationStore, 'putTexted'>;
}

export type TeamQuestionInput = ConsultationInput & { reason: TeamReason; district: string; startedBy?: string; taskToken: string; timeoutSeconds: number };

/**
 * Workflow steps <Team>AwaitAnswerU2/U3/U4 (callback; they differ only in their timeout):
 * texts the contact of this attempt in the team's roster chain a single-use link ("wij
 * gaan" / "kunnen niet"). Cheap on purpose, a home referral's path: it does not read the
 * case (the state gives case id, urgency and district), makes one roster query, sends the
 * text and writes the case's step, the link, the access-log entry and the text's record in
 * one transaction. Nobody left in the chain: ChainExhausted, and the coordinator takes over.
 */
export async function awaitTeamAnswer(deps: AwaitTeamAnswerDeps, input: TeamQuestionInput) {
  const now = deps.clock.now();
  const chain = input.district ? await deps.roster.chain(teamRosterKey(input.reason, input.district), now) : [];
  const contact = chain[input.attempt];
  if (!contact) throw new ChainExhaustedError(`geen ${teamLabels[input.reason]} meer in de dienstketen (poging ${input.attempt + 1})`);
  const token = deps.ids.linkToken();
  const { record, minutes } = answerLinkRecord(input, contact, token, reasonText(input.reason), now);
  const sms = await deps.notifier.deliver({
    to: contact.phone,
    recipient: contact.recipient,
    caseId: input.caseId,
    body: smsTemplates.teamConfirmation({ caseId: input.caseId, urgency: input.urgency, region: deps.region, minutes, link: `${deps.publicBaseUrl}/c/${token}`, callback: deps.callback }),
  });
  const backup = input.attempt > 0 ? `, achterwacht (poging ${input.attempt + 1})` : '';
  // The system acts for whoever started the referral. Without a read of the case, the entry carries no patient key (the case id ties it).
  const access = stepAccess(input.startedBy, `workflow:${input.reason === 'fact_vvt' ? 'FactVvt' : 'DistrictTeam'}AwaitAnswer`);
  await deps.consultations.putTexted({
    caseId: input.caseId,
    entry: {
      at: now.toISOString(),
      step: 'notified',
      by: systemActor,
      detail: `Sms naar ${contact.name}${backup}: bevestigen binnen ${minutes} min (${teamLabels[input.reason]})`,
    },
    // The district team's first text makes a home case `notified`. The FACT-VVT team is asked
    // beside it (and still when the district chain went to the coordinator): no status of its own.
    change: input.reason === 'district_team' ? { status: 'notified', from: ['triaged', 'notified'] } : { from: ['triaged', 'notified', withCoordinator] },
    link: record,
    audit: auditEntry(access, 'workflow.update', { caseId: input.caseId }),
    sms,
  });
  return {};
}
