import { describe, expect, it } from 'vitest';
import { caseCommands } from '../../functions/entities/case';
import { facilityItems } from '../../functions/entities/facility';
import { sampleFacilities } from '../../local/seed';

describe('case commands, built without a client', () => {
  const entry = { at: '2026-11-23T14:00:00.000Z', step: 'notified', by: { role: 'system', id: 'verkeerstoren' } };

  it('create refuses to overwrite an existing case', () => {
    expect(caseCommands.create('cases', { caseId: 'VT-AAAAAA' } as never).ConditionExpression).toBe('attribute_not_exists(caseId)');
  });

  it('appendTimeline appends, bumps the version and sets the status only when given', () => {
    const plain = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry);
    expect(plain.UpdateExpression).toBe('SET timeline = list_append(timeline, :entry), #version = #version + :one, #updatedAt = :updatedAt');
    expect(plain.ConditionExpression).toBe('attribute_exists(caseId)');
    const withStatus = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry, { status: 'notified' });
    expect(withStatus.UpdateExpression).toContain('#status = :status');
    expect(withStatus.ExpressionAttributeValues[':status']).toBe('notified');
    expect(withStatus.ExpressionAttributeNames).toEqual({ '#version': 'version', '#updatedAt': 'updatedAt', '#status': 'status' });
  });

  it('with `from`, only moves a case that is in one of those statuses and holds no bed', () => {
    const guarded = caseCommands.appendTimeline('cases', 'VT-AAAAAA', entry, { status: 'cancelled', from: ['referred', 'triaged'] });
    expect(guarded.ConditionExpression).toBe('attribute_exists(caseId) AND #status IN (:from0, :from1) AND attribute_not_exists(#hold)');
    expect(guarded.ExpressionAttributeValues).toMatchObject({ ':from0': 'referred', ':from1': 'triaged', ':status': 'cancelled' });
  });
});

describe('facility items', () => {
  it('are a META item and one WARD item per ward, with counts that add up', () => {
    const [first] = sampleFacilities();
    const items = facilityItems(first as never);
    expect(items[0]).toMatchObject({ facilityId: first?.facilityId, sk: 'META', kind: 'herstelkliniek' });
    expect(items.slice(1).map((i) => i.sk)).toEqual(first?.wards.map((w) => `WARD#${w.ward}`));
    for (const w of items.slice(1)) expect((w.free as number) + (w.held as number)).toBeLessThanOrEqual(w.total as number);
  });

  it('the sample region has a few dozen beds per kind, at fictional facilities', () => {
    const beds = (kind: string) => sampleFacilities().filter((f) => f.kind === kind).flatMap((f) => f.wards).reduce((n, w) => n + w.total, 0);
    expect(beds('herstelkliniek')).toBeGreaterThanOrEqual(24);
    expect(beds('wijkkliniek')).toBeGreaterThanOrEqual(24);
    expect(beds('reo_bed')).toBeGreaterThanOrEqual(12);
  });
});
