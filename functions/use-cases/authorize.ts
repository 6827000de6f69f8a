import { decideCaseAccess, mayDo, type CaseAction, type Outcome, type RouteAction } from '../domain/access-policy';
import { auditEntry, type AuditAction, type AuditEntry } from '../domain/audit';
import { systemActor, type Case } from '../domain/case';
import { ForbiddenError } from '../domain/errors';
import type { Access, AuditLog } from '../domain/ports';

/** The refusal is an access too: one entry, then 403 with no patient data in it. */
export async function refuse(deps: { audit: AuditLog }, access: Access, action: AuditAction, subject: { caseId: string; bsn?: string }, message: string): Promise<never> {
  await deps.audit.record(auditEntry(access, action, subject, 'refused', { reason: `${access.actor.role} mag dit niet` }));
  throw new ForbiddenError(message);
}

/**
 * May this person do `action` on the case? Asks the access policy; a refusal is logged and
 * answered 403. `break_glass` is allowed, and the caller logs it as such. The system's own
 * workflow steps carry no principal and act on the case they were started for.
 */
export async function authorizeCase(deps: { audit: AuditLog }, access: Access, action: CaseAction, auditAction: AuditAction, c: Case): Promise<Outcome> {
  const subject = { caseId: c.caseId, bsn: c.referral.patient.bsn };
  if (!access.principal) {
    if (access.actor.role === systemActor.role) return 'allowed';
    return refuse(deps, access, auditAction, subject, 'geen toegang: meld u aan');
  }
  const outcome = decideCaseAccess(access.principal, action, c, access.breakGlassReason);
  if (outcome === 'refused') return refuse(deps, access, auditAction, subject, 'geen toegang tot deze casus');
  return outcome;
}

/** May this person use this route at all (by role)? A refusal is logged under `subject` and answered 403. */
export async function authorizeRoute(deps: { audit: AuditLog; region: string }, access: Access, action: RouteAction, auditAction: AuditAction, subject: string): Promise<void> {
  // Never across regions: a person of another region is refused here whatever their role.
  if (access.principal && access.principal.region === deps.region && mayDo(access.principal, action)) return;
  await refuse(deps, access, auditAction, { caseId: subject }, 'geen toegang: uw rol mag dit niet');
}

/** A workflow step acts as the system, on behalf of whoever started it. */
export const workflowAccess = (c: Pick<Case, 'workflowStartedBy' | 'referredBy'> | undefined, via: string): Access => stepAccess(c?.workflowStartedBy ?? c?.referredBy, via);

/** The same for a workflow step that did not read the case: on behalf of the username the workflow carries. */
export const stepAccess = (startedBy: string | undefined, via: string): Access => ({ actor: systemActor, via, ...(startedBy ? { onBehalfOf: startedBy } : {}) });

/** A consultation step: on behalf of the HAP triagist who asked, else whoever started the referral. */
export const consultationAccess = (c: Pick<Case, 'consultationRequestedBy' | 'workflowStartedBy' | 'referredBy'> | undefined, via: string): Access =>
  c?.consultationRequestedBy ? { actor: systemActor, via, onBehalfOf: c.consultationRequestedBy } : workflowAccess(c, via);

/**
 * One request, one entry: `work` writes the entry with its change (same transaction) and
 * calls `written()`; when it fails before that, the attempt is logged on its own, with why.
 */
export async function logOnce<T>(deps: { audit: AuditLog }, entry: AuditEntry, work: (written: () => void) => Promise<T>): Promise<T> {
  let done = false;
  try {
    return await work(() => {
      done = true;
    });
  } catch (error) {
    if (!done) await deps.audit.record({ ...entry, reason: `niet uitgevoerd: ${error instanceof Error ? error.name : 'fout'}` });
    throw error;
  }
}
