import { auditEntry } from '../domain/audit';
import { systemActor, withCoordinator } from '../domain/case';
import type { CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import type { Destination } from '../domain/triage/tree-schema';
import { stepAccess } from './authorize';
import { textAbout, type TextingDeps } from './sms-context';

export interface NotifyDestinationDeps extends TextingDeps {
  cases: Pick<CaseStore, 'appendTimeline'>;
  roster: Pick<Roster, 'recipientFor'>;
  region: string;
}

/**
 * What NotifyDestination receives: codes the workflow carries, so it reads no case.
 * `outcome`: where PlaceCase sent it (home, seh, or the coordinator); `destination`: the
 * clinical decision (what the coordinator is told could not be placed).
 */
export interface NotifyDestinationInput {
  caseId: string;
  outcome: 'home' | 'seh' | 'coordinator';
  destination: Destination;
  urgency: string;
  district: string;
  startedBy: string;
}

/**
 * Workflow step NotifyDestination: text whoever acts on the outcome (district team for home,
 * SEH desk, else the coordinator). A roster query, the text, and one write: the timeline
 * step with its access-log entry, conditional on the case being where PlaceCase left it.
 */
export async function notifyDestination(deps: NotifyDestinationDeps, input: NotifyDestinationInput) {
  const { caseId } = input;
  const now = deps.clock.now();
  const toCoordinator = input.outcome === 'coordinator';
  const to = await deps.roster.recipientFor(input.outcome, input.district || undefined, now);
  const context = textAbout(deps, { caseId, urgency: input.urgency, region: deps.region }, (toCoordinator ? input.destination : input.outcome) as Destination);
  const sent = await deps.notifier.send({
    to: to.phone,
    recipient: to.recipient,
    caseId,
    body: toCoordinator ? smsTemplates.unplaced(context) : smsTemplates.destination(context),
  });
  await deps.cases.appendTimeline(
    caseId,
    { at: now.toISOString(), step: 'notified', by: systemActor, detail: `Sms naar ${to.recipient}` },
    toCoordinator ? { from: [withCoordinator] } : { status: 'notified', from: ['triaged'] },
    auditEntry(stepAccess(input.startedBy, 'workflow:NotifyDestination'), 'workflow.update', { caseId }),
  );
  return { messageId: sent.messageId, recipient: to.recipient };
}
