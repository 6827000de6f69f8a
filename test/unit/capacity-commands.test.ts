import { describe, expect, it } from 'vitest';
import { caseCommands } from '../../functions/entities/case';
import { facilityCommands } from '../../functions/entities/facility';

/** The bed commands, built without a client: what each transaction item asks DynamoDB to check and change. */
const entry = { at: '2026-11-23T14:00:00.000Z', step: 'bed_held', by: { role: 'system', id: 'verkeerstoren' } };
const hold = { facilityId: 'hk-noord', ward: 'somatiek', expiresAt: '2026-11-23T16:00:00.000Z' };

describe('holding a bed', () => {
  it('takes a free bed only if one is free', () => {
    const ward = facilityCommands.holdBed('facilities', 'hk-noord', 'somatiek');
    expect(ward.Key).toEqual({ facilityId: 'hk-noord', sk: 'WARD#somatiek' });
    expect(ward.ConditionExpression).toBe('#free > :zero');
    expect(ward.UpdateExpression).toBe('SET #free = #free - :one, held = held + :one, version = version + :one');
  });

  it('holds it for a triaged case without a hold, puts the case on the heldBeds index, and returns the case as it stood if not', () => {
    const c = caseCommands.holdBed('cases', {
      caseId: 'VT-AAAAAA', ...hold, owner: { role: 'transfer_nurse', id: 'hk-noord' },
      placement: { destination: 'herstelkliniek', facilityId: 'hk-noord', ward: 'somatiek', tried: [], at: entry.at }, entry,
    });
    expect(c.ConditionExpression).toBe('attribute_exists(caseId) AND attribute_not_exists(#hold) AND #st = :triaged');
    expect(c.ExpressionAttributeValues).toMatchObject({ ':hold': hold, ':holdExpiresAt': hold.expiresAt, ':status': 'bed_held', ':triaged': 'triaged' });
    expect(c.UpdateExpression).toContain('timeline = list_append(timeline, :entry)');
    expect(c.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });
});

describe('ending a hold', () => {
  const now = new Date('2026-11-23T15:00:00.000Z');

  it('back to the pool: the bed is free again, the case leaves the index and drops its hold', () => {
    expect(facilityCommands.endHold('facilities', 'hk-noord', 'somatiek', true).UpdateExpression).toBe('SET held = held - :one, #free = #free + :one, version = version + :one');
    const c = caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome: 'cancelled', entry, now });
    expect(c.ConditionExpression).toBe('#hold.facilityId = :heldFacility AND #st = :bedHeld');
    expect(c.UpdateExpression).toMatch(/ REMOVE admissionTaskToken, holdExpiresAt, #hold, executionArn, stalledAt$/);
    expect(c.ExpressionAttributeValues[':status']).toBe('cancelled');
  });

  it('into an occupied bed: only before the hold expires, and the hold stays as the record of where', () => {
    const ward = facilityCommands.endHold('facilities', 'hk-noord', 'somatiek', false);
    expect(ward.UpdateExpression).toBe('SET held = held - :one, version = version + :one');
    expect(ward).not.toHaveProperty('ExpressionAttributeNames');
    const c = caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome: 'admission_confirmed', entry, now });
    expect(c.ConditionExpression).toBe('#hold.facilityId = :heldFacility AND #st = :bedHeld AND #hold.expiresAt > :now');
    expect(c.ExpressionAttributeValues[':now']).toBe(now.toISOString());
    expect(c.UpdateExpression).toMatch(/ REMOVE admissionTaskToken, holdExpiresAt, executionArn, stalledAt$/);
  });

  it('hands the case to a new owner only when one is given', () => {
    const withOwner = caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, entry, now });
    expect(withOwner.ExpressionAttributeValues[':owner']).toEqual({ role: 'coordinator', id: 'rotterdam' });
    expect(caseCommands.endHold('cases', { caseId: 'VT-AAAAAA', hold, outcome: 'expired', entry, now }).ExpressionAttributeValues).not.toHaveProperty(':owner');
  });
});

describe('discharging', () => {
  it('closes only an admitted case; the ward change is conditional on the version it read', () => {
    const c = caseCommands.discharge('cases', 'VT-AAAAAA', { ...entry, step: 'discharged' });
    expect(c.ConditionExpression).toBe('#st = :confirmed');
    expect(c.ExpressionAttributeValues).toMatchObject({ ':status': 'discharged', ':confirmed': 'admission_confirmed' });
    const ward = facilityCommands.setWard('facilities', 'hk-noord', { ward: 'somatiek', total: 4, free: 1, held: 1, version: 7 }, { total: 4, free: 2 });
    expect(ward.ConditionExpression).toBe('version = :version');
    expect(ward.ExpressionAttributeValues).toMatchObject({ ':version': 7, ':free': 2, ':total': 4 });
  });
});
