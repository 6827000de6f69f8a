import { describe, expect, it } from 'vitest';
import { continuityAtReferral, continuityView, moveAt, movesBefore, returnedWithin72h, type LinkedCase } from '../../functions/domain/continuity';
import type { Principal } from '../../functions/domain/principal';
import { caseCommands, parseLinkedItem } from '../../functions/entities/case';
import { anonymiseCase } from '../../functions/domain/anonymise';
import { newCase } from '../support/cases';

const now = new Date('2026-11-23T14:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const daysAgo = (d: number) => hoursAgo(d * 24);

let n = 0;
function linked(destination: string, at: string, status: LinkedCase['status'] = 'admission_confirmed', extra: Partial<LinkedCase> = {}): LinkedCase {
  n += 1;
  return {
    caseId: `VT-L${n}`,
    region: 'rotterdam',
    status,
    createdAt: at,
    placement: { destination: destination as NonNullable<LinkedCase['placement']>['destination'], ...(destination === 'seh' ? {} : { facilityId: `f-${destination}`, ward: 'algemeen' }), tried: [], at },
    referredBy: 'huisarts-jansen',
    ...extra,
  };
}

describe('what counts as a move', () => {
  it('a placement in a herstelkliniek, wijkkliniek, REO-bed or the SEH that happened', () => {
    for (const d of ['herstelkliniek', 'wijkkliniek', 'reo_bed']) expect(moveAt(linked(d, daysAgo(1), 'bed_held'))).toBe(daysAgo(1));
    expect(moveAt(linked('seh', daysAgo(1), 'notified'))).toBe(daysAgo(1));
    expect(moveAt(linked('wijkkliniek', daysAgo(1), 'discharged'))).toBe(daysAgo(1));
  });
  it('not home, not the coordinator, not a cancelled case or an expired hold, not before placement', () => {
    expect(moveAt(linked('home', daysAgo(1), 'notified'))).toBeUndefined();
    expect(moveAt(linked('coordinator', daysAgo(1), 'escalated'))).toBeUndefined();
    expect(moveAt(linked('wijkkliniek', daysAgo(1), 'cancelled'))).toBeUndefined();
    expect(moveAt(linked('reo_bed', daysAgo(1), 'expired'))).toBeUndefined();
    expect(moveAt({ status: 'triaged' })).toBeUndefined();
  });
  it('counts the moves of the last 10 days only', () => {
    const cases = [linked('seh', daysAgo(11), 'notified'), linked('wijkkliniek', daysAgo(9)), linked('home', daysAgo(2), 'notified'), linked('reo_bed', hoursAgo(1), 'bed_held')];
    expect(movesBefore(cases, now)).toBe(2);
    expect(movesBefore(cases, new Date(daysAgo(10)))).toBe(1);
  });
});

describe('flags at referral', () => {
  it('many_moves when this referral would be the third move in 10 days', () => {
    expect(continuityAtReferral(true, [linked('seh', daysAgo(6), 'notified'), linked('wijkkliniek', daysAgo(3))], now)).toEqual({ linked: true, flags: ['many_moves'] });
    expect(continuityAtReferral(true, [linked('seh', daysAgo(12), 'notified'), linked('wijkkliniek', daysAgo(3))], now)).toEqual({ linked: true, flags: [] });
    // Home is no move.
    expect(continuityAtReferral(true, [linked('home', daysAgo(6), 'notified'), linked('wijkkliniek', daysAgo(3))], now).flags).toEqual([]);
  });
  it('return_72h within 72 hours of a discharge, not after', () => {
    const discharged = (h: number) => linked('herstelkliniek', daysAgo(8), 'discharged', { dischargedAt: hoursAgo(h) });
    expect(continuityAtReferral(true, [discharged(71)], now).flags).toEqual(['return_72h']);
    expect(continuityAtReferral(true, [discharged(73)], now).flags).toEqual([]);
    expect(returnedWithin72h([discharged(-1)], now)).toBe(false);
  });
  it('without a BSN: not linked, no flags', () => {
    expect(continuityAtReferral(false, [], now)).toEqual({ linked: false, flags: [] });
  });
});

describe('the case page view', () => {
  const gp: Principal = { username: 'huisarts-jansen', role: 'gp', name: 'Dr. Jansen', region: 'rotterdam' };
  const current = { caseId: 'VT-NOW', createdAt: now.toISOString(), continuity: { linked: true, flags: ['many_moves' as const] }, status: 'bed_held' as const, placement: { destination: 'wijkkliniek' as const, facilityId: 'wk', ward: 'a', tried: [], at: now.toISOString() } };
  it('names only the earlier cases the caller may open, counts the others, and counts this move', () => {
    const own = linked('seh', daysAgo(5), 'notified');
    const other = linked('wijkkliniek', daysAgo(2), 'admission_confirmed', { referredBy: 'huisarts-devries' });
    const later = linked('home', hoursAgo(-2), 'notified', { createdAt: hoursAgo(-1) });
    const view = continuityView(gp, current, [own, other, later, { ...linked('seh', now.toISOString()), caseId: 'VT-NOW' }]);
    expect(view).toEqual({ linked: true, flags: ['many_moves'], previousCaseIds: [own.caseId], hiddenPreviousCases: 1, movesLast10Days: 3, returnWithin72h: false });
    expect(continuityView({ ...gp, role: 'coordinator', username: 'coordinator-rotterdam' }, current, [own, other]).previousCaseIds).toEqual([other.caseId, own.caseId]);
    expect(continuityView(undefined, current, [own]).previousCaseIds).toEqual([]);
  });
  it('of another region: counted, never named', () => {
    const elsewhere = linked('seh', daysAgo(1), 'notified', { region: 'utrecht', referredBy: gp.username });
    expect(continuityView(gp, current, [elsewhere])).toMatchObject({ previousCaseIds: [], hiddenPreviousCases: 1 });
  });
});

describe('the byPatient index and its reads', () => {
  it('queries by the patient key only; a linked item yields its discharge time, not its timeline', () => {
    expect(caseCommands.byPatient('cases', 'k1')).toMatchObject({ IndexName: 'byPatient', KeyConditionExpression: 'patientKey = :patientKey', ExpressionAttributeValues: { ':patientKey': 'k1' } });
    const item = { caseId: 'VT-1', region: 'rotterdam', status: 'discharged', createdAt: daysAgo(3), timeline: [{ at: daysAgo(3), step: 'referred', by: { role: 'gp', id: 'x' }, detail: 'vrije tekst' }, { at: hoursAgo(5), step: 'discharged', by: { role: 'transfer_nurse', id: 'y' } }] };
    expect(parseLinkedItem(item)).toEqual({ caseId: 'VT-1', region: 'rotterdam', status: 'discharged', createdAt: daysAgo(3), dischargedAt: hoursAgo(5) });
  });
  it('an anonymised case loses its patient key, so it leaves the index', () => {
    const c = newCase({ status: 'discharged', patientKey: 'a'.repeat(64), continuity: { linked: true, flags: [] } });
    expect(anonymiseCase(c, now)).not.toHaveProperty('patientKey');
  });
});
