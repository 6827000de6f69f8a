import type { Outcome } from './access-policy';
import type { Access } from './ports';

/**
 * The access log's actions (NEN 7513), a fixed list; the README names them. `via` says
 * through which route or workflow step.
 */
export const auditActions = [
  'referral.create',
  'case.read',
  'case.list',
  'case.cancel',
  'case.confirm_admission',
  'case.discharge',
  'case.place_again',
  'case.correct_decision',
  'case.request_so_consultation',
  'consultation.open_link',
  'consultation.answer',
  'roster.update',
  'ward.update',
  'audit.read',
  'case.review',
  /** A linked case of the same person read for continuity (many moves, a return): one entry per linked case. */
  'case.link',
  'figures.read',
  'workflow.read',
  'workflow.update',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  /** The case, or what else was accessed (`overzicht:rotterdam`, `rooster:so#rotterdam`, `audit`). */
  caseId: string;
  actor: { username: string; role: string; name?: string };
  /** For a workflow step (actor: the system), the username whose action started it. */
  onBehalfOf?: string;
  action: AuditAction;
  outcome: Outcome;
  /** Why: the break-the-glass reason, or what was refused. */
  reason?: string;
  /** The route or workflow step. */
  via: string;
  /** Where the request came from. */
  source?: string;
  /**
   * The patient's BSN, only to derive the pseudonymous patient key (an HMAC with a secret
   * key); the log never stores the BSN itself.
   */
  bsn?: string;
  /** What changed, where a change is not on a case's timeline (a roster slot: before and after). */
  change?: { before?: unknown; after?: unknown };
}

/** The entry for something done through `access`, about a case (or other subject). */
export function auditEntry(
  access: Access,
  action: AuditAction,
  subject: { caseId: string; bsn?: string | undefined },
  outcome: Outcome = 'allowed',
  extra: Pick<AuditEntry, 'reason' | 'change'> = {},
): AuditEntry {
  const reason = extra.reason ?? (outcome === 'break_glass' ? access.breakGlassReason?.trim() : undefined);
  return {
    caseId: subject.caseId,
    actor: { username: access.actor.id, role: access.actor.role, ...(access.actor.name ? { name: access.actor.name } : {}) },
    ...(access.onBehalfOf ? { onBehalfOf: access.onBehalfOf } : {}),
    action,
    outcome,
    ...(reason ? { reason } : {}),
    via: access.via,
    ...(access.source ? { source: access.source } : {}),
    ...(subject.bsn ? { bsn: subject.bsn } : {}),
    ...(extra.change ? { change: extra.change } : {}),
  };
}
