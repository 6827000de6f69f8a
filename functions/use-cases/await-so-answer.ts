import { systemActor } from '../domain/case';
import { answerLinkRecord, reasonText, type ConsultationInput } from '../domain/consultation';
import { ConflictError } from '../domain/errors';
import type { AuditLog, CaseStore, Clock, ConsultationStore, Ids, Notifier, Roster } from '../domain/ports';
import { destinationLabels, smsTemplates } from '../domain/sms';
import { auditEntry } from '../domain/audit';
import { consultationAccess } from './authorize';
import { loadCase } from './load-case';
import type { SmsLinks } from './sms-context';

export interface AwaitSoAnswerDeps extends SmsLinks {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  audit: AuditLog;
  clock: Clock;
  ids: Pick<Ids, 'linkToken'>;
  roster: Pick<Roster, 'soChain'>;
  notifier: Notifier;
  consultations: Pick<ConsultationStore, 'put'>;
}

/**
 * Consultation steps AwaitSoAnswerU2, AwaitSoAnswerU3 and AwaitSoAnswerU4 (callback; they
 * differ only in their timeout): texts the consultee a single-use link; the task token
 * waits in the store until the answer comes.
 */
export async function awaitSoAnswer(deps: AwaitSoAnswerDeps, input: ConsultationInput & { taskToken: string; timeoutSeconds: number }) {
  const now = deps.clock.now();
  const c = await loadCase(deps, input.caseId, (found) => consultationAccess(found, 'workflow:AwaitSoAnswer'));
  const chain = await deps.roster.soChain(now);
  const consultee = chain[input.attempt];
  if (!consultee) throw new ConflictError(`geen consulent voor poging ${input.attempt + 1}`);
  const token = deps.ids.linkToken();
  const destination = c.placement?.destination ?? c.decision?.destination;
  const question = `${reasonText(input.reason)}; bestemming ${destination && destination !== 'coordinator' ? destinationLabels[destination] : 'nog open'}`;
  const { record, minutes } = answerLinkRecord(input, consultee, token, question, now);
  await deps.consultations.put(record);
  await deps.notifier.send({
    to: consultee.phone,
    recipient: `${consultee.role}:${input.attempt + 1}`,
    caseId: input.caseId,
    body: smsTemplates.consultation({
      caseId: input.caseId,
      urgency: input.urgency,
      region: c.region,
      question,
      minutes,
      link: `${deps.publicBaseUrl}/c/${token}`,
      callback: deps.callback,
    }),
  });
  // The consultee may now read the case they are asked about (need-to-know), known by their sign-in.
  const consulted = consultee.username && !c.consultedUsernames?.includes(consultee.username) ? [...(c.consultedUsernames ?? []), consultee.username] : undefined;
  await deps.cases.appendTimeline(
    input.caseId,
    {
      at: now.toISOString(),
      step: 'consultation_requested',
      by: systemActor,
      detail: `Consultverzoek (${reasonText(input.reason)}) aan ${consultee.name} (${consultee.role === 'vs_pa' ? 'VS/PA' : 'SO'}), poging ${input.attempt + 1}, antwoord binnen ${minutes} min`,
    },
    consulted ? { set: { consultedUsernames: consulted } } : {},
    auditEntry(consultationAccess(c, 'workflow:AwaitSoAnswer'), 'workflow.update', { caseId: input.caseId, bsn: c.referral.patient.bsn }),
  );
  return {};
}
