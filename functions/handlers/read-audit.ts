import { deps } from '../adapters/deps';
import { httpHandler, parseRouteInput } from '../lib/http';
import { auditCsv, auditQuerySchema, auditSearchSchema, readAudit, type AuditQuery } from '../use-cases/read-audit';

/**
 * GET /audit?caseId=…|outcome=break_glass[&format=csv] and POST /audit/search { bsn }[?format=csv]:
 * the access log for the privacy officer → { entries: [ { at, actor, action, caseId, outcome, reason? } ] }.
 */
export const handler = httpHandler(async (request) => {
  const { method, query, access } = request;
  let filter: AuditQuery;
  let format = query.format === 'csv' ? 'csv' : 'json';
  if (method === 'POST') {
    filter = parseRouteInput({ schema: auditSearchSchema }, request);
  } else {
    const parsed = parseRouteInput({ schema: auditQuerySchema, from: (r) => r.query }, request);
    format = parsed.format;
    filter = { ...(parsed.caseId ? { caseId: parsed.caseId } : {}), ...(parsed.outcome ? { outcome: parsed.outcome } : {}) };
  }
  const result = await readAudit(deps(), filter, access);
  if (format === 'csv') return { statusCode: 200, csv: auditCsv(result.entries), filename: 'toegangslog.csv' };
  return { statusCode: 200, body: result };
});
