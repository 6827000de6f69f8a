import { describe, expect, it } from 'vitest';
import { awaitingWorkflowStatuses, caseStatuses, type CaseStatus, type Placement } from '../../functions/domain/case';
import { caseCommands } from '../../functions/entities/case';
import { metricLine } from '../../functions/lib/metrics';
import { metricsNamespace, scheduledJobs } from '../../functions/manifest';

/**
 * The sparse awaitingWorkflow index is only as good as the writes that leave it: every way
 * out of the statuses the workflow moves must take `executionArn` off the case.
 */
const entry = { at: '2026-11-23T14:00:00.000Z', step: 'x', by: { role: 'system', id: 'verkeerstoren' } };
const hold = { facilityId: 'hk-1', ward: 'somatiek', expiresAt: '2026-11-23T16:00:00.000Z' };
const removed = (command: { UpdateExpression: string }) => command.UpdateExpression.split(' REMOVE ')[1]?.split(', ') ?? [];

describe('the awaitingWorkflow index follows the status', () => {
  it('every status outside referred, triaged and bed_held takes the case off the index; those three keep it', () => {
    for (const status of caseStatuses as readonly CaseStatus[]) {
      const command = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry, { status });
      expect(removed(command).includes('executionArn'), status).toBe(!awaitingWorkflowStatuses.includes(status));
      // Any move ends the sweep's "stuck" mark, so the overview lists the case first only until it moves.
      expect(removed(command), status).toContain('stalledAt');
    }
  });

  it('on every close path: call 112, a hand-over without a place, a hold that ends, a discharge', () => {
    const decision = { ruleId: 'R1', destination: 'call_112', flags: [], reasons: [], ruleIds: [], facts: {}, treeVersion: 'rotterdam-v1' } as never;
    expect(removed(caseCommands.recordDecision('cases', 'VT-AAAAAA', decision, 'call_112', entry))).toContain('executionArn');
    expect(removed(caseCommands.recordDecision('cases', 'VT-AAAAAA', decision, 'triaged', entry))).not.toContain('executionArn');
    const placement: Placement = { destination: 'coordinator', tried: [], at: entry.at };
    expect(removed(caseCommands.recordPlacement('cases', 'VT-AAAAAA', placement, { status: 'escalated' }, entry))).toContain('executionArn');
    // Placed home or at the SEH: still triaged until NotifyDestination texts (then `notified` takes it off).
    expect(removed(caseCommands.recordPlacement('cases', 'VT-AAAAAA', { ...placement, destination: 'home' }, {}, entry))).not.toContain('executionArn');
    for (const outcome of ['expired', 'cancelled', 'escalated', 'admission_confirmed'] as const) {
      expect(removed(caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome, entry, now: new Date(entry.at) })), outcome).toContain('executionArn');
    }
    expect(removed(caseCommands.discharge('cases', 'VT-AAAAAA', entry))).toContain('executionArn');
  });

  it('a held bed stays on it (its execution waits for the admission)', () => {
    const command = caseCommands.holdBed('cases', {
      caseId: 'VT-AAAAAA', ...hold, owner: { role: 'transfer_nurse', id: 'hk-1' }, placement: { destination: 'herstelkliniek', tried: [], at: entry.at }, entry,
    });
    expect(removed(command)).not.toContain('executionArn');
  });

  it('placing again or a restart sets the new execution in the same write, never removing it', () => {
    const command = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry, { status: 'triaged', set: { executionArn: 'arn:x:VT-AAAAAA-plaats-1' } });
    expect(command.UpdateExpression).toContain('#executionArn = :executionArn');
    expect(removed(command)).not.toContain('executionArn');
  });
});

describe('the sweep writes only on the version it read', () => {
  it('appendTimeline and endHold take the version as a condition', () => {
    const append = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry, { status: 'escalated', version: 7 });
    expect(append.ConditionExpression).toBe('attribute_exists(caseId) AND #version = :seen');
    expect(append.ExpressionAttributeValues[':seen']).toBe(7);
    const end = caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome: 'escalated', entry, now: new Date(entry.at), version: 7 });
    expect(end.ConditionExpression).toMatch(/ AND #version = :seen$/);
    expect(end.ExpressionAttributeValues[':seen']).toBe(7);
    // Without a version, as before.
    expect(caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry).ConditionExpression).toBe('attribute_exists(caseId)');
  });
});

describe('the count of stuck cases per run', () => {
  it('is one embedded-metric-format line, in the namespace and with the dimension the alarm reads', () => {
    const { metric } = scheduledJobs.SweepStuckCases;
    const line = JSON.parse(metricLine(metric.name, 5, { Region: 'rotterdam' }, new Date('2026-11-23T14:00:00Z')));
    expect(line).toEqual({
      _aws: { Timestamp: Date.parse('2026-11-23T14:00:00Z'), CloudWatchMetrics: [{ Namespace: metricsNamespace, Dimensions: [['Region']], Metrics: [{ Name: 'StuckCases', Unit: 'Count' }] }] },
      Region: 'rotterdam',
      StuckCases: 5,
    });
  });
});
