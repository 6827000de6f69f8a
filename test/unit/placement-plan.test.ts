import { describe, expect, it } from 'vitest';
import { parseReferral, type Referral } from '../../functions/domain/referral-schema';
import { planPlacement, type PlanStep } from '../../functions/domain/placement-plan';
import type { Facility } from '../../functions/domain/facility';
import { currentTree, treeByVersion } from '../../functions/domain/triage/trees';
import { referral } from '../support/referral';

const facility = (f: Partial<Facility> & Pick<Facility, 'facilityId' | 'kind' | 'district'>): Facility => ({
  name: f.facilityId,
  districtsServed: [f.district],
  admission: { type: '24/7' },
  maxStayDays: 14,
  transferNursePhone: '+31610000000',
  wards: [{ ward: f.kind === 'herstelkliniek' ? 'somatiek' : 'algemeen', total: 4, free: 2, held: 0 }],
  ...f,
});

const parsed = (changes: Parameters<typeof referral>[0] = {}): Referral => {
  const r = parseReferral(referral(changes));
  if (!r.ok) throw new Error('bad referral');
  return r.value;
};

const describeSteps = (steps: PlanStep[]) =>
  steps.map((s) => (s.type === 'facility' ? `${s.facilityId}/${s.ward}` : s.type === 'destination' ? s.destination : 'coordinator'));

const at = (iso: string) => new Date(iso);

describe('the placement plan', () => {
  const wijk = [
    facility({ facilityId: 'wk-far', kind: 'wijkkliniek', district: 'Charlois' }),
    facility({ facilityId: 'wk-own', kind: 'wijkkliniek', district: 'Delfshaven' }),
    facility({ facilityId: 'wk-serving', kind: 'wijkkliniek', district: 'Centrum', districtsServed: ['Centrum', 'Delfshaven'] }),
  ];

  it('tries the own district first, then facilities serving it, then the rest, then the SEH', () => {
    const plan = planPlacement({ decision: { destination: 'wijkkliniek' }, referral: parsed(), district: 'Delfshaven', facilities: wijk, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(describeSteps(plan.steps)).toEqual(['wk-own/algemeen', 'wk-serving/algemeen', 'wk-far/algemeen', 'seh']);
  });

  it('records a full wijkkliniek as "full" and moves on', () => {
    const full = wijk.map((f) => (f.facilityId === 'wk-own' ? { ...f, wards: [{ ward: 'algemeen' as const, total: 4, free: 0, held: 2 }] } : f));
    const plan = planPlacement({ decision: { destination: 'wijkkliniek' }, referral: parsed(), district: 'Delfshaven', facilities: full, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(plan.skipped).toEqual([{ facilityId: 'wk-own', destination: 'wijkkliniek', ward: 'algemeen', reason: 'full' }]);
    expect(describeSteps(plan.steps)[0]).toBe('wk-serving/algemeen');
  });

  it('falls back from a wijkkliniek to a herstelkliniek, ward by need, when the ACP says no hospital', () => {
    const facilities = [...wijk.map((f) => ({ ...f, wards: [{ ward: 'algemeen' as const, total: 4, free: 0, held: 0 }] })), facility({ facilityId: 'hk', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'delier', total: 2, free: 1, held: 0 }] })];
    const plan = planPlacement({ decision: { destination: 'wijkkliniek' }, referral: parsed({ acp: { noHospitalAdmission: true }, presentation: { delirium: true } }), district: 'Delfshaven', facilities, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(describeSteps(plan.steps)).toEqual(['hk/delier', 'coordinator']);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['full', 'full', 'full']);
  });

  it('falls back from a REO-bed to a herstelkliniek somatiek ward', () => {
    const facilities = [facility({ facilityId: 'reo', kind: 'reo_bed', district: 'Noord', wards: [{ ward: 'algemeen', total: 6, free: 0, held: 1 }] }), facility({ facilityId: 'hk', kind: 'herstelkliniek', district: 'Noord' })];
    const plan = planPlacement({ decision: { destination: 'reo_bed' }, referral: parsed(), district: 'Noord', facilities, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(describeSteps(plan.steps)).toEqual(['hk/somatiek', 'coordinator']);
  });

  it('sends an unplaceable herstelkliniek case to the coordinator, with what was tried', () => {
    const facilities = [facility({ facilityId: 'hk', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'grz', total: 2, free: 2, held: 0 }] })];
    const plan = planPlacement({ decision: { destination: 'herstelkliniek', ward: 'delier' }, referral: parsed(), district: 'Noord', facilities, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(describeSteps(plan.steps)).toEqual(['coordinator']);
    expect(plan.skipped).toEqual([{ facilityId: 'hk', destination: 'herstelkliniek', ward: 'delier', reason: 'no_ward' }]);
  });

  it('under v2, a wijkkliniek falls back to a herstelkliniek ward by v2’s need (a carer who cannot cope: structuur)', () => {
    const facilities = [
      ...wijk.map((f) => ({ ...f, wards: [{ ward: 'algemeen' as const, total: 4, free: 0, held: 0 }] })),
      facility({ facilityId: 'hk', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'structuur', total: 2, free: 1, held: 0 }, { ward: 'somatiek', total: 2, free: 1, held: 0 }] }),
    ];
    const r = parsed({ acp: { noHospitalAdmission: true }, patient: { carerOverburdened: true } });
    const plan = (tree: typeof currentTree) => describeSteps(planPlacement({ decision: { destination: 'wijkkliniek' }, referral: r, district: 'Delfshaven', facilities, at: at('2026-11-23T13:00:00Z'), tree }).steps);
    expect(currentTree.version).toBe('rotterdam-v2');
    expect(plan(currentTree)).toEqual(['hk/structuur', 'coordinator']);
    // A v1 case keeps v1's wards (v1 has no structuur choice).
    expect(plan(treeByVersion('rotterdam-v1'))).toEqual(['hk/somatiek', 'coordinator']);
  });

  it('places a palliative case on a palliatief ward, nearest first; none free: the coordinator', () => {
    const facilities = [
      facility({ facilityId: 'hk-far', kind: 'herstelkliniek', district: 'Charlois', wards: [{ ward: 'palliatief', total: 2, free: 1, held: 0 }] }),
      facility({ facilityId: 'hk-own', kind: 'herstelkliniek', district: 'Delfshaven', wards: [{ ward: 'palliatief', total: 3, free: 1, held: 0 }, { ward: 'somatiek', total: 4, free: 4, held: 0 }] }),
      facility({ facilityId: 'hk-none', kind: 'herstelkliniek', district: 'Noord' }),
    ];
    const plan = (list: Facility[]) => planPlacement({ decision: { destination: 'herstelkliniek', ward: 'palliatief' }, referral: parsed({ presentation: { palliativePhase: true } }), district: 'Delfshaven', facilities: list, at: at('2026-11-23T13:00:00Z'), tree: currentTree });
    expect(describeSteps(plan(facilities).steps)).toEqual(['hk-own/palliatief', 'hk-far/palliatief', 'coordinator']);
    const full = facilities.map((f) => ({ ...f, wards: f.wards.map((w) => (w.ward === 'palliatief' ? { ...w, free: 0, held: w.total } : w)) }));
    const p = plan(full);
    // Not to another ward with free beds: a full palliatief ward goes to the coordinator, like other herstelkliniek wards.
    expect(describeSteps(p.steps)).toEqual(['coordinator']);
    expect(p.skipped.map((s) => `${s.facilityId}:${s.reason}`)).toEqual(['hk-own:full', 'hk-far:full', 'hk-none:no_ward']);
  });

  it('needs no bed for home and SEH', () => {
    for (const destination of ['home', 'seh'] as const) {
      expect(describeSteps(planPlacement({ decision: { destination }, referral: parsed(), district: 'Noord', facilities: wijk, at: at('2026-11-23T13:00:00Z'), tree: currentTree }).steps)).toEqual([destination]);
    }
  });
});

describe('admission windows in Europe/Amsterdam time', () => {
  const daytime = facility({ facilityId: 'wk-day', kind: 'wijkkliniek', district: 'Delfshaven', admission: { type: 'window', from: '07:00', to: '23:00' } });
  const allDay = facility({ facilityId: 'wk-night', kind: 'wijkkliniek', district: 'Charlois' });
  const plan = (iso: string) =>
    planPlacement({ decision: { destination: 'wijkkliniek' }, referral: parsed(), district: 'Delfshaven', facilities: [daytime, allDay], at: at(iso), tree: currentTree });

  it('a 02:00 referral skips the 07:00–23:00 clinic as closed and goes to the 24/7 one', () => {
    const p = plan('2026-11-24T01:00:00Z'); // 02:00 CET
    expect(p.skipped).toEqual([{ facilityId: 'wk-day', destination: 'wijkkliniek', ward: 'algemeen', reason: 'closed' }]);
    expect(describeSteps(p.steps)).toEqual(['wk-night/algemeen', 'seh']);
  });

  it('at 14:00 the own-district daytime clinic comes first', () => {
    expect(describeSteps(plan('2026-11-24T13:00:00Z').steps)[0]).toBe('wk-day/algemeen');
  });

  it('on the night clocks go forward (29 March 2026), 06:30 CEST is still closed and 07:30 CEST open', () => {
    expect(plan('2026-03-29T04:30:00Z').skipped.map((s) => s.reason)).toEqual(['closed']); // 06:30 CEST
    expect(plan('2026-03-29T05:30:00Z').skipped).toEqual([]); // 07:30 CEST
  });

  it('on the night clocks go back (25 October 2026), 06:30 CET is closed although it is 07:30 by summer time', () => {
    expect(plan('2026-10-25T05:30:00Z').skipped.map((s) => s.reason)).toEqual(['closed']); // 06:30 CET
    expect(plan('2026-10-25T06:00:00Z').skipped).toEqual([]); // 07:00 CET
  });

  it('22:59 is open and 23:00 closed, in winter and in summer', () => {
    expect(plan('2026-01-15T21:59:00Z').skipped).toEqual([]);
    expect(plan('2026-01-15T22:00:00Z').skipped.map((s) => s.reason)).toEqual(['closed']);
    expect(plan('2026-07-15T20:59:00Z').skipped).toEqual([]);
    expect(plan('2026-07-15T21:00:00Z').skipped.map((s) => s.reason)).toEqual(['closed']);
  });
});
