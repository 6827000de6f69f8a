import { coordinatorOf, systemActor, withCoordinator, type Case } from '../domain/case';
import { districtForPostcode } from '../domain/districts';
import { CaseIdTakenError } from '../domain/errors';
import type { Access, AuditLog, CaseStore, Clock, Ids, Notifier, Roster, Workflows } from '../domain/ports';
import type { Referral } from '../domain/referral-schema';
import { smsTemplates } from '../domain/sms';
import type { TriageTree } from '../domain/triage/tree-schema';
import { workflowFacts, type WorkflowStart } from '../domain/workflow-input';
import { auditEntry, type AuditEntry } from '../domain/audit';
import { authorizeRoute } from './authorize';
import { linkAtReferral, type ContinuityDeps } from './continuity';

export interface CreateReferralDeps {
  cases: Pick<CaseStore, 'create' | 'get' | 'appendTimeline'> & ContinuityDeps['cases'];
  patientKeys: ContinuityDeps['patientKeys'];
  audit: AuditLog;
  workflows: Pick<Workflows, 'startReferral' | 'referralExecutionArn'>;
  clock: Clock;
  ids: Pick<Ids, 'caseId'>;
  region: string;
  tree: TriageTree;
  roster: Pick<Roster, 'coordinator'>;
  notifier: Notifier;
}

/**
 * Case ids are short for SMS (32^6): on the rare taken one, draw again. But the id may be
 * "taken" by this very case, when the SDK retried a write that had landed: that is success,
 * not a reason for a second case.
 */
async function createWithFreshId(deps: Pick<CreateReferralDeps, 'cases' | 'ids' | 'workflows'>, item: Case, audit: (caseId: string) => AuditEntry): Promise<Case> {
  for (let attempt = 0; ; attempt++) {
    const fresh = attempt === 0 ? undefined : deps.ids.caseId();
    // The execution is named after the case: a fresh id, a fresh execution.
    const candidate = fresh ? { ...item, caseId: fresh, executionArn: deps.workflows.referralExecutionArn(fresh) } : item;
    try {
      await deps.cases.create(candidate, audit(candidate.caseId));
      return candidate;
    } catch (error) {
      if (!(error instanceof CaseIdTakenError) || attempt >= 4) throw error;
      const existing = await deps.cases.get(candidate.caseId);
      if (existing && existing.createdAt === candidate.createdAt && JSON.stringify(existing.referral) === JSON.stringify(candidate.referral)) return candidate;
    }
  }
}

/**
 * What the referral workflow starts from: only the facts the routing reads go into the
 * execution (its history is kept by Step Functions), no BSN, postcode or age, and the codes
 * its steps need so that none of them reads the case again. Also what the sweep of stuck
 * cases starts again.
 */
export const referralWorkflowInput = (caseId: string, referral: Referral, tree: TriageTree, on: { district?: string | undefined; startedBy?: string | undefined } = {}): WorkflowStart => ({
  caseId,
  treeVersion: tree.version,
  referral: workflowFacts(referral, tree),
  district: on.district ?? '',
  startedBy: on.startedBy ?? '',
});

/**
 * POST /referrals: stores the case with its access-log entry (one transaction), starts the
 * workflow. The referral is valid: the edge parsed it. A GP or HAP triagist refers; the
 * referrer's role is the signed-in one, whatever the form said.
 */
export async function createReferral(deps: CreateReferralDeps, input: Referral, access: Access): Promise<Case> {
  await authorizeRoute(deps, access, 'create_referral', 'referral.create', `verwijzingen:${deps.region}`);
  const role = access.principal?.role;
  const referral: Referral = role === 'gp' || role === 'hap_triagist' ? { ...input, referrer: { ...input.referrer, role } } : input;
  const at = deps.clock.now().toISOString();
  const district = districtForPostcode(referral.patient.postcode);
  const caseId = deps.ids.caseId();
  // The patient key (never the BSN) and the continuity flags, from the person's earlier cases.
  const link = await linkAtReferral(deps, referral.patient.bsn, access, at);
  const base: Case = {
    caseId,
    region: deps.region,
    status: 'referred',
    ...(district ? { district } : {}),
    referral,
    owner: access.actor,
    referredBy: access.actor.id,
    // The referrer's phone from their profile (never from the body): the discharge is told to them (issue 11).
    ...(access.principal?.phone ? { referrerPhone: access.principal.phone } : {}),
    workflowStartedBy: access.actor.id,
    // Known before the start, so a case whose workflow never starts is in the awaitingWorkflow index all the same.
    executionArn: deps.workflows.referralExecutionArn(caseId),
    ...link.fields,
    timeline: [{ at, step: 'referred', by: access.actor, detail: `Verwijzing ontvangen van ${referral.referrer.role === 'gp' ? 'de huisarts' : 'de triagist van de HAP'}` }, ...link.timeline],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const item = await createWithFreshId(deps, base, (caseId) => auditEntry(access, 'referral.create', { caseId, bsn: referral.patient.bsn }));
  try {
    await deps.workflows.startReferral(item.caseId, referralWorkflowInput(item.caseId, referral, deps.tree, { district, startedBy: access.actor.id }));
  } catch (error) {
    // The case is kept and handed to the coordinator: a referral is never silently lost.
    await deps.cases.appendTimeline(
      item.caseId,
      { at: deps.clock.now().toISOString(), step: 'workflow_failed', by: systemActor, detail: 'Workflow kon niet starten; coördinator ingeschakeld' },
      { status: withCoordinator, owner: coordinatorOf(deps.region) },
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
