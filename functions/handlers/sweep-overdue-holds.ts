import { deps } from '../adapters/deps';
import { config } from '../config';
import { sweepOverdueHolds } from '../domain/placements';
import { taskHandler } from '../lib/task';

/**
 * Scheduled job SweepOverdueHolds: returns beds whose hold expired and that no workflow
 * released (a failed or stopped execution, a local restart). The schedule passes the grace.
 */
export const handler = taskHandler(async function sweepHoldsJob(input: { graceSeconds?: number }) {
  return sweepOverdueHolds(deps(), config().REGION_NAME, input.graceSeconds ?? 300);
});
