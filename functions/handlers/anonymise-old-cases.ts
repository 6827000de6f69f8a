import { deps } from '../adapters/deps';
import { DynamoCaseRetention } from '../adapters/dynamo-case-retention';
import { config } from '../config';
import { scheduledJobs } from '../manifest';
import { taskHandler } from '../lib/task';
import { anonymiseOldCases } from '../use-cases/anonymise-old-cases';

const job = scheduledJobs.AnonymiseOldCases;

/**
 * Scheduled job AnonymiseOldCases (daily): cases past the retention (CASE_RETENTION_DAYS)
 * keep only what the figures read. A case it could not anonymise fails the run; the next
 * run tries again.
 */
export const handler = taskHandler(async function AnonymiseOldCases(input: { graceDays?: number }) {
  const cfg = config();
  const d = deps();
  const result = await anonymiseOldCases({ cases: d.cases, clock: d.clock, retention: new DynamoCaseRetention(d.clock) }, cfg.REGION_NAME, cfg.CASE_RETENTION_DAYS, input.graceDays ?? job.input.graceDays);
  if (result.failed.length) {
    throw new AggregateError(result.failed.map((f) => f.error), `${result.failed.length} casus(sen) niet geanonimiseerd: ${result.failed.map((f) => f.caseId).join(', ')}`);
  }
  return { anonymised: result.anonymised, moved: result.moved };
});
