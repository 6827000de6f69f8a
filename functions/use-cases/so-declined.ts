import { withCoordinator } from '../domain/case';
import type { CaseStore } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { returnBedToCoordinator, type ReturnBedDeps } from './return-bed-to-coordinator';

export interface SoDeclinedDeps extends ReturnBedDeps {
  cases: Pick<CaseStore, 'get'>;
}

/**
 * Workflow step SoDeclined: the SO found the herstelkliniek not suitable for this patient
 * (their reason is on the timeline). The bed is released at once and the coordinator
 * takes the case, texted without the reason (a text carries no clinical content).
 */
export async function soDeclined(deps: SoDeclinedDeps, caseId: string): Promise<{ released: boolean }> {
  const c = await loadCase(deps, caseId, (found) => workflowAccess(found, 'workflow:SoDeclined'));
  return returnBedToCoordinator(deps, c, {
    outcome: withCoordinator,
    step: 'so_declined',
    detail: 'De SO vindt de herstelkliniek niet passend (reden hierboven); bed vrijgegeven, de coördinator neemt over',
    via: 'workflow:SoDeclined',
    text: smsTemplates.soDeclined,
  });
}
