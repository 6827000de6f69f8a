import { hashToken, type LinkState } from '../domain/consultation';
import type { AuditLog, Clock, ConsultationStore } from '../domain/ports';

/** What a link's token stands for now; decides nothing. */
export async function inspectLink(deps: { consultations: Pick<ConsultationStore, 'get'>; clock: Clock }, token: string): Promise<LinkState> {
  const record = await deps.consultations.get(hashToken(token));
  if (!record) return { state: 'unknown' };
  if (record.answeredAt) return { state: 'used' };
  if (record.expiresAt <= deps.clock.now().toISOString()) return { state: 'expired' };
  return { state: 'open', record };
}

/**
 * GET /c/{token}: what the confirm page shows (link scanners may open it; it decides
 * nothing). An open link shows the case reference and question: an access to patient
 * data, logged for the consultee it was sent to (NEN 7513).
 */
export async function showConsultationLink(
  deps: { consultations: Pick<ConsultationStore, 'get'>; clock: Clock; audit: AuditLog },
  token: string,
  via: string,
): Promise<LinkState> {
  const link = await inspectLink(deps, token);
  if (link.state === 'open') {
    const r = link.record;
    await deps.audit.record({ caseId: r.caseId, actor: { role: r.role, id: r.contactName }, action: 'read', via });
  }
  return link;
}
