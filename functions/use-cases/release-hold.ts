import type { CaseStore } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { returnBedToCoordinator, type ReturnBedDeps } from './return-bed-to-coordinator';

export interface ReleaseHoldDeps extends ReturnBedDeps {
  cases: Pick<CaseStore, 'get'>;
}

/** Workflow step ReleaseHold: nobody confirmed in time; the bed returns and the coordinator takes over. */
export async function releaseHold(deps: ReleaseHoldDeps, caseId: string, via = 'workflow:ReleaseHold'): Promise<{ released: boolean }> {
  const c = await loadCase(deps, caseId, (c) => workflowAccess(c, via));
  return returnBedToCoordinator(deps, c, {
    outcome: 'expired',
    step: 'expired',
    detail: 'Bedreservering verlopen zonder bevestiging; bed terug in de pool',
    via,
    text: smsTemplates.holdExpired,
    desk: 'expired',
  });
}
