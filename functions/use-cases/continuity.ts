import { auditEntry } from '../domain/audit';
import type { Case, CaseContinuity, TimelineEntry } from '../domain/case';
import { continuityAtReferral, continuityFlagLabels, continuityView, type ContinuityView, type LinkedCase } from '../domain/continuity';
import type { Access, AuditLog, CaseStore, PatientKeys } from '../domain/ports';

export interface ContinuityDeps {
  cases: Pick<CaseStore, 'linkedCases'>;
  patientKeys: PatientKeys;
  audit: AuditLog;
}

/** The person's other cases, each read logged (`case.link`, NEN 7513) under its own case id. */
async function readLinked(deps: ContinuityDeps, patientKey: string, bsn: string, access: Access, except?: string): Promise<LinkedCase[]> {
  const linked = (await deps.cases.linkedCases(patientKey)).filter((l) => l.caseId !== except);
  await Promise.all(linked.map((l) => deps.audit.record(auditEntry(access, 'case.link', { caseId: l.caseId, bsn }))));
  return linked;
}

/**
 * At referral, before the case is written: the patient key (never the BSN) and the
 * continuity flags from the person's earlier cases, with a timeline entry naming each flag.
 * Without a BSN the case is not linked, and says so.
 */
export async function linkAtReferral(
  deps: ContinuityDeps,
  bsn: string | undefined,
  access: Access,
  at: string,
): Promise<{ fields: { patientKey?: string; continuity: CaseContinuity }; timeline: TimelineEntry[] }> {
  const patientKey = bsn ? await deps.patientKeys.keyOf(bsn) : undefined;
  const earlier = patientKey && bsn ? await readLinked(deps, patientKey, bsn, access) : [];
  const continuity = continuityAtReferral(!!patientKey, earlier, new Date(at));
  const timeline: TimelineEntry[] = continuity.flags.map((flag) => ({ at, step: `continuity_${flag}`, by: access.actor, detail: continuityFlagLabels[flag] }));
  return { fields: { ...(patientKey ? { patientKey } : {}), continuity }, timeline };
}

/** The case page's continuity: the person's earlier cases the caller may open by id, the others counted. */
export async function continuityFor(deps: ContinuityDeps, c: Case, access: Access): Promise<ContinuityView> {
  const bsn = c.referral.patient.bsn;
  const others = c.patientKey && bsn ? await readLinked(deps, c.patientKey, bsn, access, c.caseId) : [];
  return continuityView(access.principal, c, others);
}
