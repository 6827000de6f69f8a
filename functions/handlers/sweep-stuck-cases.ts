import { deps } from '../adapters/deps';
import { config } from '../config';
import { scheduledJobs } from '../manifest';
import { emitMetric } from '../lib/metrics';
import { taskHandler } from '../lib/task';
import { sweepStuckCases } from '../use-cases/sweep-stuck-cases';

const job = scheduledJobs.SweepStuckCases;

/**
 * Scheduled job SweepStuckCases: cases whose workflow should be moving them and is not (its
 * execution failed, timed out, was stopped, never started, or was lost in a local restart)
 * are started again or handed to the coordinator. Each run reports how many it found stuck
 * (the metric behind the "many stuck cases" alarm); a case it could not recover fails the run.
 */
export const handler = taskHandler(async function SweepStuckCases(input: { stuckAfterSeconds?: number }) {
  const region = config().REGION_NAME;
  const result = await sweepStuckCases(deps(), region, input.stuckAfterSeconds ?? job.input.stuckAfterSeconds);
  emitMetric(job.metric.name, result.restarted.length + result.handedOver.length + result.failed.length, { Region: region });
  if (result.failed.length) {
    throw new AggregateError(result.failed.map((f) => f.error), `${result.failed.length} vastgelopen casus(sen) niet hersteld: ${result.failed.map((f) => f.caseId).join(', ')}`);
  }
  return { restarted: result.restarted, handedOver: result.handedOver };
});
