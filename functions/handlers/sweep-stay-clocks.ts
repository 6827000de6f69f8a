import { deps } from '../adapters/deps';
import { config } from '../config';
import { taskHandler } from '../lib/task';
import { sweepStayClocks } from '../use-cases/sweep-stay-clocks';

/**
 * Scheduled job SweepStayClocks: texts the stay-end reminders (two days before the end; an
 * REO stay on day 7) and records the end of a stay of a patient still admitted.
 */
export const handler = taskHandler(async function SweepStayClocks() {
  return sweepStayClocks(deps(), config().REGION_NAME);
});
