import { DynamoCaseStore } from '../../functions/adapters/dynamo-case-store';
import { systemActor, type Case } from '../../functions/domain/case';
import { randomIds } from '../../functions/domain/ids';
import { parseReferral, type Referral, type ReferralInput } from '../../functions/domain/referral-schema';
import { decide } from '../../functions/domain/triage/evaluate';
import { currentTree } from '../../functions/domain/triage/trees';
import { referral } from './referral';

/**
 * A case as an earlier step (or a lost workflow) would have left it: for scenarios that
 * start midway. Triaged by the current tree from `input` (the baseline referral unless
 * given); any field can be overridden.
 */
/** A case as the tests build it: live, its referral the parsed one (not anonymised). */
export type LiveCase = Case & { referral: Referral };

export function newCase(changes: Partial<Case> = {}, input: ReferralInput = referral()): LiveCase {
  const parsed = parseReferral(input);
  if (!parsed.ok) throw new Error(`bad referral: ${JSON.stringify(parsed.errors)}`);
  const at = changes.createdAt ?? new Date().toISOString();
  return {
    caseId: randomIds.caseId(),
    region: 'rotterdam',
    status: 'triaged',
    referral: parsed.value,
    owner: systemActor,
    // A referred case waits for its decision; any later one has it.
    ...(changes.status === 'referred' ? {} : { decision: decide(currentTree, parsed.value) }),
    timeline: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...changes,
  } as LiveCase;
}

/** `newCase`, written straight into the cases table of the running test stack. */
export async function storeCase(changes: Partial<Case> = {}, input: ReferralInput = referral()): Promise<LiveCase> {
  const c = newCase(changes, input);
  await new DynamoCaseStore().create(c);
  return c;
}
