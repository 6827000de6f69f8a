import { newCaseId, publicCase, systemActor, type Actor, type Case } from './case';
import { ValidationError, NotFoundError } from './errors';
import { parseReferral } from './referral';
import { districtForPostcode } from './districts';
import type { AuditLog, CaseStore, Clock, Notifier, Roster, WorkflowStarter } from './ports';
import { explain, type Route } from './triage/evaluate';
import type { TriageTree } from './triage/tree-schema';
import { treeByVersion } from './triage/trees';
import { smsTemplates } from './sms';

/** Use cases of the referral path; handlers are thin shells around these. */

export interface SubmitDeps {
  cases: CaseStore;
  audit: AuditLog;
  workflow: WorkflowStarter;
  clock: Clock;
  region: string;
  tree: TriageTree;
}

/** Validates, stores the case, logs the access, starts the workflow. Nothing is stored on bad input. */
export async function submitReferral(deps: SubmitDeps, body: unknown, actor: Actor): Promise<Case> {
  const parsed = parseReferral(body);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const referral = parsed.value;
  const at = deps.clock.now().toISOString();
  const district = districtForPostcode(referral.patient.postcode);
  const item: Case = {
    caseId: newCaseId(),
    region: deps.region,
    status: 'referred',
    ...(district ? { district } : {}),
    referral,
    owner: actor,
    timeline: [{ at, step: 'referred', by: actor, detail: `Verwijzing ontvangen (${referral.referrer.role})` }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.cases.create(item);
  await deps.audit.record({ caseId: item.caseId, actor, action: 'create', via: 'POST /referrals' });
  try {
    await deps.workflow.start(item.caseId, {
      caseId: item.caseId,
      treeVersion: deps.tree.version,
      referral,
    });
  } catch (error) {
    // The case is kept and handed to the coordinator: a referral is never silently lost.
    await deps.cases.appendTimeline(
      item.caseId,
      { at: deps.clock.now().toISOString(), step: 'workflow_failed', by: systemActor, detail: 'Workflow kon niet starten; coördinator ingeschakeld' },
      'escalated',
    );
    throw error;
  }
  return item;
}

export async function readCase(deps: { cases: CaseStore; audit: AuditLog }, caseId: string, actor: Actor) {
  const found = await deps.cases.get(caseId);
  if (!found) throw new NotFoundError(`casus ${caseId} bestaat niet`);
  await deps.audit.record({ caseId, actor, action: 'read', via: 'GET /cases/{caseId}' });
  return publicCase(found);
}

export interface WorkflowInput {
  caseId: string;
  treeVersion: string;
  referral: unknown;
  route: Route;
}

/** Workflow step: explain the route the Choice states took and store it on the case. */
export async function recordDecision(deps: { cases: CaseStore; audit: AuditLog; clock: Clock }, input: WorkflowInput) {
  const tree = treeByVersion(input.treeVersion);
  const parsed = parseReferral(input.referral);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const decision = explain(tree, input.route, parsed.value);
  const status = decision.destination === 'call_112' ? 'call_112' : 'triaged';
  await deps.cases.recordDecision(input.caseId, decision, status, {
    at: deps.clock.now().toISOString(),
    step: 'triaged',
    by: systemActor,
    detail: decision.reasons[0],
  });
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'update', via: 'workflow:RecordDecision' });
  // A boolean for the workflow's Choice state (JSONPath cannot test list membership).
  return { ...decision, soConsultation: decision.flags.includes('so_consultation') };
}

/** Workflow step: text whoever acts on the outcome (district team for home, else the coordinator). */
export async function notifyDestination(
  deps: { cases: CaseStore; audit: AuditLog; clock: Clock; roster: Roster; notifier: Notifier; publicBaseUrl: string; callback: string },
  caseId: string,
) {
  const found = await deps.cases.get(caseId);
  if (!found?.decision) throw new NotFoundError(`casus ${caseId} heeft geen besluit`);
  await deps.audit.record({ caseId, actor: systemActor, action: 'read', via: 'workflow:NotifyDestination' });
  const now = deps.clock.now();
  // Where the case actually goes (after fallback), else the clinical destination.
  const destination = found.placement?.destination ?? found.decision.destination;
  const to = await deps.roster.recipientFor(destination, found.district, now);
  const context = {
    caseId,
    urgency: found.referral.presentation.urgency,
    destination: destination === 'coordinator' ? found.decision.destination : destination,
    region: found.region,
    callback: deps.callback,
    link: `${deps.publicBaseUrl}/casus/${caseId}`,
  };
  const sent = await deps.notifier.send({
    to: to.phone,
    recipient: to.recipient,
    caseId,
    body: destination === 'coordinator' ? smsTemplates.unplaced(context) : smsTemplates.destination(context),
  });
  await deps.cases.appendTimeline(
    caseId,
    { at: now.toISOString(), step: 'notified', by: systemActor, detail: `Sms naar ${to.recipient}` },
    destination === 'coordinator' ? undefined : 'notified',
  );
  return { messageId: sent.messageId, recipient: to.recipient };
}
