import { deps } from '../adapters/deps';
import { config } from '../config';
import { taskHandler } from '../lib/task';
import { sweepOverdueHolds } from '../use-cases/sweep-overdue-holds';

/**
 * Scheduled job SweepOverdueHolds: returns beds whose hold expired and that no workflow
 * released (a failed or stopped execution, a local restart). The schedule passes the grace.
 */
export const handler = taskHandler(async function SweepOverdueHolds(input: { graceSeconds?: number }) {
  return sweepOverdueHolds(deps(), config().REGION_NAME, input.graceSeconds ?? 300);
});
