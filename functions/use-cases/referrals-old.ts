import { z } from 'zod';
import { closedStatuses, newCaseId, publicCase, systemActor, type Actor, type Case, type CaseSummary } from './case';
import { CaseClosedError, ConflictError, ValidationError, NotFoundError } from './errors';
import { parseReferral, toFieldErrors, type Referral } from './referral';
import { districtForPostcode } from './districts';
import type { AuditLog, CaseStore, Clock, Notifier, Roster, WorkflowStarter } from './ports';
import { explain, type Route } from './triage/evaluate';
import { routingFacts, type TriageTree } from './triage/tree-schema';
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
  roster: Roster;
  notifier: Notifier;
}

/**
 * Case ids are short for SMS (32^6): on the rare taken one, draw again. But the id may be
 * "taken" by this very case, when the SDK retried a write that had landed: that is success,
 * not a reason for a second case.
 */
async function createWithFreshId(cases: CaseStore, item: Case): Promise<Case> {
  for (let attempt = 0; ; attempt++) {
    const candidate = attempt === 0 ? item : { ...item, caseId: newCaseId() };
    try {
      await cases.create(candidate);
      return candidate;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 4) throw error;
      const existing = await cases.get(candidate.caseId);
      if (existing && existing.createdAt === candidate.createdAt && JSON.stringify(existing.referral) === JSON.stringify(candidate.referral)) return candidate;
    }
  }
}

/** Validates, stores the case, logs the access, starts the workflow. Nothing is stored on bad input. */
export async function submitReferral(deps: SubmitDeps, body: unknown, actor: Actor): Promise<Case> {
  const parsed = parseReferral(body);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const referral = parsed.value;
  const at = deps.clock.now().toISOString();
  const district = districtForPostcode(referral.patient.postcode);
  const base: Case = {
    caseId: newCaseId(),
    region: deps.region,
    status: 'referred',
    ...(district ? { district } : {}),
    referral,
    owner: actor,
    timeline: [{ at, step: 'referred', by: actor, detail: `Verwijzing ontvangen van ${referral.referrer.role === 'gp' ? 'de huisarts' : 'de triagist van de HAP'}` }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const item = await createWithFreshId(deps.cases, base);
  await deps.audit.record({ caseId: item.caseId, actor, action: 'create', via: 'POST /referrals' });
  try {
    // Only the facts the routing reads go into the execution (its history is kept by Step
    // Functions): no BSN, postcode or age. RecordDecision reads the full referral from the case.
    await deps.workflow.start(item.caseId, {
      caseId: item.caseId,
      treeVersion: deps.tree.version,
      referral: workflowFacts(referral, deps.tree),
    });
  } catch (error) {
    // The case is kept and handed to the coordinator: a referral is never silently lost.
    await deps.cases.appendTimeline(
      item.caseId,
      { at: deps.clock.now().toISOString(), step: 'workflow_failed', by: systemActor, detail: 'Workflow kon niet starten; coördinator ingeschakeld' },
      { status: 'escalated', owner: { role: 'coordinator', id: deps.region } },
    );
    const coordinator = await deps.roster.coordinator(deps.clock.now());
    await deps.notifier.send({
      to: coordinator.phone,
      recipient: coordinator.recipient,
      caseId: item.caseId,
      body: smsTemplates.workflowFailed({ caseId: item.caseId, urgency: referral.presentation.urgency, region: deps.region }),
    });
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

/** Owners named by their team, place or region; a person (a referrer, later a user) is shown by role only. */
const ownersShownWithId = ['transfer_nurse', 'district_team', 'coordinator'];

const listQuerySchema = z.object({
  sinceDays: z.coerce.number().int('hele dagen').min(1, 'minstens 1 dag').max(31, 'hoogstens 31 dagen').default(7),
});

/**
 * GET /cases?sinceDays=7: the coordinator's overview of the region. Each case gets its
 * `group`: `coordinator` (theirs to act on), `open`, `closed`; listed in that order, each
 * newest first. No patient facts; the list access is logged once, under the region.
 */
export async function listCases(deps: { cases: CaseStore; audit: AuditLog; clock: Clock; region: string }, query: Record<string, string | undefined>, actor: Actor) {
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  const since = new Date(deps.clock.now().getTime() - parsed.data.sinceDays * 86_400_000);
  const summaries = await deps.cases.listSince(deps.region, since);
  await deps.audit.record({ caseId: `overzicht:${deps.region}`, actor, action: 'read', via: `GET /cases?sinceDays=${parsed.data.sinceDays}` });
  const groups = ['coordinator', 'open', 'closed'] as const;
  // An admitted case is done for the overview, unless the coordinator holds it (an unanswered consult).
  const groupOf = (c: CaseSummary): (typeof groups)[number] =>
    closedStatuses.includes(c.status) ? 'closed' : c.owner.role === 'coordinator' ? 'coordinator' : c.status === 'admission_confirmed' ? 'closed' : 'open';
  return {
    sinceDays: parsed.data.sinceDays,
    cases: summaries
      .map((c) => ({ ...c, owner: ownersShownWithId.includes(c.owner.role) ? c.owner : { role: c.owner.role }, group: groupOf(c) }))
      .sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group) || b.createdAt.localeCompare(a.createdAt)),
  };
}

export interface WorkflowInput {
  caseId: string;
  treeVersion: string;
  route: Route;
}

const factsOfTree = new WeakMap<TriageTree, string[]>();

/**
 * What the workflow execution carries of a referral: the facts the tree routes on, plus the
 * urgency (the consultation step reads it). No BSN, postcode or age.
 */
export function workflowFacts(referral: Referral, tree: TriageTree): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  let facts = factsOfTree.get(tree);
  if (!facts) factsOfTree.set(tree, (facts = [...new Set([...routingFacts(tree), 'presentation.urgency'])]));
  for (const fact of facts) {
    const [group, key] = fact.split('.') as [keyof Referral, string];
    (out[group] ??= {})[key] = (referral[group] as Record<string, unknown>)[key];
  }
  return out;
}

/** Workflow step: explain the route the Choice states took and store it on the case. */
export async function recordDecision(deps: { cases: CaseStore; audit: AuditLog; clock: Clock }, input: WorkflowInput) {
  const tree = treeByVersion(input.treeVersion);
  const found = await deps.cases.get(input.caseId);
  if (!found) throw new NotFoundError(`casus ${input.caseId} bestaat niet`);
  const decision = explain(tree, input.route, found.referral);
  const status = decision.destination === 'call_112' ? 'call_112' : 'triaged';
  const retried = found.decision?.ruleId === decision.ruleId && found.status === status;
  // A retried step (its first write went through) reports the recorded decision again.
  if (!retried) {
    await deps.cases.recordDecision(input.caseId, decision, status, {
      at: deps.clock.now().toISOString(),
      step: 'triaged',
      by: systemActor,
      detail: decision.reasons[0],
    });
  }
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
  const expected = destination === 'coordinator' ? 'escalated' : 'triaged';
  if (found.status !== expected) throw new CaseClosedError(`casus ${caseId} is intussen ${found.status}; geen sms`);
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
    destination === 'coordinator' ? { from: ['escalated'] } : { status: 'notified', from: ['triaged'] },
  );
  return { messageId: sent.messageId, recipient: to.recipient };
}
