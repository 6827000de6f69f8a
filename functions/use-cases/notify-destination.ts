import { systemActor, withCoordinator } from '../domain/case';
import { CaseClosedError, ConflictError } from '../domain/errors';
import type { CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface NotifyDestinationDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  roster: Pick<Roster, 'recipientFor'>;
}

/** Workflow step NotifyDestination: text whoever acts on the outcome (district team for home, SEH desk, else the coordinator). */
export async function notifyDestination(deps: NotifyDestinationDeps, caseId: string) {
  const found = await loadCase(deps, caseId, (c) => workflowAccess(c, 'workflow:NotifyDestination'));
  // Not decided yet: a fault in the workflow, for the coordinator (not a case that moved on).
  if (!found.decision) throw new ConflictError(`casus ${caseId} heeft geen besluit`);
  const now = deps.clock.now();
  // Where the case actually goes (after fallback), else the clinical destination.
  const destination = found.placement?.destination ?? found.decision.destination;
  const toCoordinator = destination === 'coordinator';
  const expected = toCoordinator ? withCoordinator : 'triaged';
  if (found.status !== expected) throw new CaseClosedError(`casus ${caseId} is intussen ${found.status}; geen sms`);
  const to = await deps.roster.recipientFor(destination, found.district, now);
  const context = smsContext(deps, found, toCoordinator ? found.decision.destination : destination);
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
  );
  return { messageId: sent.messageId, recipient: to.recipient };
}
