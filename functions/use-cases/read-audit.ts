import * as z from 'zod';
import { auditEntry } from '../domain/audit';
import { ValidationError } from '../domain/errors';
import type { Access, AuditLog, AuditReader, AuditRecord } from '../domain/ports';
import { isValidBsn } from '../domain/referral-schema';
import { authorizeRoute } from './authorize';

/** GET /audit?caseId=… or ?outcome=break_glass (or refused); format=csv gives the same as CSV. */
export const auditQuerySchema = z
  .object({
    caseId: z.string().min(1).max(64).optional(),
    outcome: z.enum(['break_glass', 'refused']).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => !!q.caseId !== !!q.outcome, { message: 'geef caseId of outcome (één van beide)', path: ['caseId'] });

/** POST /audit/search { bsn }: a BSN never travels in a URL. */
export const auditSearchSchema = z.object({ bsn: z.string().refine(isValidBsn, 'BSN moet 9 cijfers zijn en de elfproef doorstaan') }).strict();

export type AuditQuery = { caseId?: string; outcome?: 'break_glass' | 'refused'; bsn?: string };

/** What the privacy officer (and a patient asking "who looked at my data") gets: no case content. */
export const publicEntry = (r: AuditRecord) => ({
  at: r.at,
  actor: { username: r.actor.username, role: r.actor.role },
  ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
  action: r.action,
  caseId: r.caseId,
  outcome: r.outcome,
  ...(r.reason ? { reason: r.reason } : {}),
  via: r.via,
  ...(r.source ? { source: r.source } : {}),
});

/**
 * The privacy officer reads the access log: of one case, every break-the-glass access (or
 * refusal), or everything about one person by BSN (the log holds only its keyed hash).
 * Reading the log is logged too.
 */
export async function readAudit(deps: { audit: AuditLog; auditReader: AuditReader; region: string }, query: AuditQuery, access: Access) {
  const subject = query.caseId ?? (query.outcome ? `audit:${query.outcome}` : 'audit:persoon');
  await authorizeRoute(deps, access, 'read_audit', 'audit.read', subject);
  let records: AuditRecord[];
  if (query.bsn) records = await deps.auditReader.byBsn(query.bsn);
  else if (query.outcome) records = await deps.auditReader.flagged(query.outcome);
  else if (query.caseId) records = await deps.auditReader.byCase(query.caseId);
  else throw new ValidationError([{ path: 'caseId', message: 'geef caseId, outcome of bsn' }]);
  await deps.audit.record(auditEntry(access, 'audit.read', { caseId: subject, ...(query.bsn ? { bsn: query.bsn } : {}) }));
  return { entries: records.sort((a, b) => a.at.localeCompare(b.at)).map(publicEntry) };
}

const csvCell = (v: unknown) => {
  const raw = v === undefined || v === null ? '' : String(v);
  // A spreadsheet runs a cell that starts with = + - @ (a reason is free text): never as a formula.
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The same entries as CSV, one line each. */
export function auditCsv(entries: Array<ReturnType<typeof publicEntry>>): string {
  const head = ['at', 'username', 'role', 'onBehalfOf', 'action', 'caseId', 'outcome', 'reason'];
  const rows = entries.map((e) => [e.at, e.actor.username, e.actor.role, 'onBehalfOf' in e ? e.onBehalfOf : '', e.action, e.caseId, e.outcome, 'reason' in e ? e.reason : ''].map(csvCell).join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}
