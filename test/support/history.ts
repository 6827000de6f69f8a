import { caseSchema, systemActor, type Actor, type Case, type Placement } from '../../functions/domain/case';
import type { FiguresCase, ReviewCase } from '../../functions/domain/case-history';
import type { Facility } from '../../functions/domain/facility';
import { parseReferral } from '../../functions/domain/referral-schema';
import type { Destination, Ward } from '../../functions/domain/triage/tree-schema';
import { referral } from './referral';
import { testFacility } from './region';

/**
 * A seeded history of 236 cases with known outcomes, for the figures, the weekly review and
 * their routes: each group below says what it is, and `expected` (in the tests) follows from
 * these counts by hand. The period is November 2026 weeks 45–48 (Mon 2 – Sun 29 Nov, winter
 * time, UTC+1); 233 cases fall in it, 232 of them with a decision.
 */
export const period = { from: '2026-11-02', to: '2026-11-29' } as const;

/** Beds enough for every stay below; one facility per kind and district of the story. */
export const historyFacilities = (): Facility[] => [
  testFacility({ facilityId: 'wk-kralingen', kind: 'wijkkliniek', district: 'Kralingen-Crooswijk', wards: [{ ward: 'algemeen', total: 40, free: 18, held: 0 }] }),
  testFacility({ facilityId: 'wk-zuid', kind: 'wijkkliniek', district: 'IJsselmonde', wards: [{ ward: 'algemeen', total: 10, free: 10, held: 0 }] }),
  testFacility({ facilityId: 'hk-maasoever', kind: 'herstelkliniek', district: 'Delfshaven', wards: [{ ward: 'somatiek', total: 40, free: 22, held: 0 }, { ward: 'delier', total: 6, free: 6, held: 0 }] }),
  testFacility({ facilityId: 'reo-noord', kind: 'reo_bed', district: 'Noord', wards: [{ ward: 'algemeen', total: 8, free: 8, held: 0 }] }),
];

const coordinator: Actor = { role: 'coordinator', id: 'coordinator-rotterdam', name: 'Coördinator' };
const nurse: Actor = { role: 'transfer_nurse', id: 'tvp-wk-kralingen' };

interface Spec {
  group: string;
  /** When the case was created, as an instant. */
  at: string;
  district?: string;
  role?: 'gp' | 'hap_triagist';
  decided?: { destination: Destination; ward?: Ward };
  placement?: Omit<Placement, 'at' | 'tried'> & { tried?: Placement['tried'] };
  status: Case['status'];
  /** Timeline steps after `referred`: [step, minutes after the referral, by]. */
  steps: Array<[string, number, Actor?]>;
}

/** Referral facts the current tree decides as each group's decision, so a what-if replay sees the same mix. */
const factsFor: Partial<Record<string, Parameters<typeof referral>[0]>> = {
  wijkkliniek: { presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', complexity: 'low', clinicallyStable: true, safeAtHomeWithSupport: false } },
  seh: { presentation: { medicalSpecialistCareNeeded: true, complexity: 'high', safeAtHomeWithSupport: false } },
  'herstelkliniek:somatiek': { presentation: { safeAtHomeWithSupport: false } },
  'herstelkliniek:delier': { patient: { livesAlone: true, informalCarerAvailable: false }, presentation: { delirium: true, safeAtHomeWithSupport: false } },
  reo_bed: { presentation: { functionalDecline: true, causeUnclear: true, safeAtHomeWithSupport: false } },
  call_112: { presentation: { lifeThreatening: true } },
};

let n = 0;
const local = (day: number, hh: number, mm: number) => new Date(Date.UTC(2026, 10, day, hh - 1, mm)).toISOString(); // November: UTC+1

function build(s: Spec): Case {
  n += 1;
  const facts = s.decided ? (factsFor[s.decided.ward ? `${s.decided.destination}:${s.decided.ward}` : s.decided.destination] ?? {}) : {};
  const parsed = parseReferral(referral({ ...facts, referrer: { role: s.role ?? 'gp', requestedAt: s.at } }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const t0 = Date.parse(s.at);
  const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
  const timeline = [{ at: s.at, step: 'referred', by: { role: s.role ?? 'gp', id: 'huisarts-jansen' } as Actor }, ...s.steps.map(([step, m, by]) => ({ at: at(m), step, by: by ?? systemActor }))];
  const placedAt = s.steps.find(([step]) => step === 'bed_held' || step === 'placed' || step === 'escalated')?.[1] ?? 0;
  return caseSchema.parse({
    caseId: `VT-H${String(n).padStart(4, '0')}`,
    region: 'rotterdam',
    status: s.status,
    district: s.district ?? 'Delfshaven',
    referral: parsed.value,
    owner: systemActor,
    ...(s.decided
      ? { decision: { ruleId: `R-${s.decided.destination}`, ...s.decided, flags: [], reasons: [`besluit ${s.decided.destination}`], ruleIds: [`R-${s.decided.destination}`], facts: {}, treeVersion: 'rotterdam-v2' } }
      : {}),
    ...(s.placement ? { placement: { tried: [], ...s.placement, at: at(placedAt) } } : {}),
    referredBy: 'huisarts-jansen',
    timeline,
    createdAt: s.at,
    updatedAt: timeline[timeline.length - 1]?.at ?? s.at,
    version: timeline.length,
  });
}

const times = <T>(count: number, f: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => f(i));
const full = (facilityId: string, destination: string, ward: string) => ({ facilityId, destination, ward, reason: 'full' as const });
const closed = (facilityId: string, destination: string, ward: string) => ({ facilityId, destination, ward, reason: 'closed' as const });

export function seededHistory(): Case[] {
  n = 0;
  const specs: Spec[] = [
    // G1, 80 home (Delfshaven): 50 by a GP, 30 by the HAP; decided after 2 min (40) or 5 min (40). The first at 00:05 on 2 Nov, the last at 23:50 on 29 Nov: both in.
    ...times(80, (i): Spec => ({
      group: 'G1', at: i === 0 ? local(2, 0, 5) : i === 79 ? local(29, 23, 50) : local(2 + (i % 28), 9, i % 60), role: i < 50 ? 'gp' : 'hap_triagist',
      decided: { destination: 'home' }, placement: { destination: 'home' }, status: 'notified', steps: [['triaged', i % 2 ? 5 : 2], ['placed', 6], ['notified', 7]],
    })),
    // G2, 40 wijkkliniek admitted at Wijkkliniek Kralingen: 20 on 2 Nov, discharged 9 Nov 10:00; 20 on 16 Nov, still there. Bed held after 3 min (first 20) or 10 min.
    ...times(40, (i): Spec => ({
      group: 'G2', at: local(i < 20 ? 2 : 16, 10, i % 20), decided: { destination: 'wijkkliniek' }, placement: { destination: 'wijkkliniek', facilityId: 'wk-kralingen', ward: 'algemeen' },
      status: i < 20 ? 'discharged' : 'admission_confirmed',
      steps: [['triaged', 1], ['bed_held', i < 20 ? 3 : 10], ['notified', 11], ['admission_confirmed', 63, nurse], ...(i < 20 ? [['discharged', 7 * 24 * 60 - i, nurse] as [string, number, Actor]] : [])],
    })),
    // G3, 12 wijkkliniek → SEH (24 Nov): two wijkklinieken full, one closed.
    ...times(12, (i): Spec => ({
      group: 'G3', at: local(24, 14, i), decided: { destination: 'wijkkliniek' },
      placement: { destination: 'seh', tried: [full('wk-kralingen', 'wijkkliniek', 'algemeen'), closed('wk-zuid', 'wijkkliniek', 'algemeen'), full('wk-alexander', 'wijkkliniek', 'algemeen')] },
      status: 'notified', steps: [['triaged', 1], ['placed', 2], ['notified', 3]],
    })),
    // G4, 3 REO → herstelkliniek somatiek (10 Nov), admitted, still there: the REO beds full.
    ...times(3, (i): Spec => ({
      group: 'G4', at: local(10, 11, i), decided: { destination: 'reo_bed' },
      placement: { destination: 'herstelkliniek', facilityId: 'hk-maasoever', ward: 'somatiek', tried: [full('reo-noord', 'reo_bed', 'algemeen'), full('reo-hoogvliet', 'reo_bed', 'algemeen')] },
      status: 'admission_confirmed', steps: [['triaged', 2], ['bed_held', 4], ['admission_confirmed', 124, nurse]],
    })),
    // G5, 30 herstelkliniek somatiek (23 Nov), the SO asked first: answered after 5, 7, …, 63 min; the last 6 after the first SO let it pass. Admitted after 90 min; 15 discharged on 25 Nov 12:00.
    ...times(30, (i): Spec => {
      const answer = 5 + 2 * i;
      const escalated = i >= 24;
      const created = local(23, 8, i);
      const discharge = (Date.parse(local(25, 12, 0)) - Date.parse(created)) / 60_000;
      return {
        group: 'G5', at: created, decided: { destination: 'herstelkliniek', ward: 'somatiek' }, placement: { destination: 'herstelkliniek', facilityId: 'hk-maasoever', ward: 'somatiek' },
        status: i < 15 ? 'discharged' : 'admission_confirmed',
        steps: [['triaged', 1], ['bed_held', 2], ['consultation_requested', 3],
          ...(escalated ? [['consultation_unanswered', 18], ['consultation_requested', 18]] as Array<[string, number]> : []),
          ['consultation_answered', 3 + answer], ['admission_clock_started', 4 + answer], ['admission_confirmed', 90, nurse], ...(i < 15 ? [['discharged', discharge, nurse] as [string, number, Actor]] : [])],
      };
    }),
    // G6, 25 SEH decided and sent there: 15 by a GP, 10 by the HAP.
    ...times(25, (i): Spec => ({ group: 'G6', at: local(3 + i, 15, 0), role: i < 15 ? 'gp' : 'hap_triagist', decided: { destination: 'seh' }, placement: { destination: 'seh' }, status: 'notified', steps: [['triaged', 2], ['placed', 3], ['notified', 4]] })),
    // G7, 6 herstelkliniek delier without a bed (25 Nov): two full, one closed; to the coordinator.
    ...times(6, (i): Spec => ({
      group: 'G7', at: local(25, 20, i), decided: { destination: 'herstelkliniek', ward: 'delier' },
      placement: { destination: 'coordinator', tried: [full('hk-maasoever', 'herstelkliniek', 'delier'), full('hk-zuiderpark', 'herstelkliniek', 'delier'), closed('hk-capelle-oost', 'herstelkliniek', 'delier')] },
      status: 'escalated', steps: [['triaged', 1], ['escalated', 2]],
    })),
    // G8, 7 wijkkliniek holds at Wijkkliniek Zuid that expired (26 Nov); the coordinator placed 2 again, at Kralingen, admitted.
    ...times(7, (i): Spec => ({
      group: 'G8', at: local(26, 9, i), decided: { destination: 'wijkkliniek' },
      placement: i < 2 ? { destination: 'wijkkliniek', facilityId: 'wk-kralingen', ward: 'algemeen' } : { destination: 'wijkkliniek', facilityId: 'wk-zuid', ward: 'algemeen' },
      status: i < 2 ? 'admission_confirmed' : 'expired',
      steps: [['triaged', 1], ['bed_held', 2], ['expired', 122], ...(i < 2 ? [['replacement_requested', 200, coordinator], ['bed_held', 201], ['admission_confirmed', 230, nurse]] as Array<[string, number, Actor?]> : [])],
    })),
    // G9, 2 call 112 (5 Nov).
    ...times(2, (i): Spec => ({ group: 'G9', at: local(5, 3, i), decided: { destination: 'call_112' }, status: 'call_112', steps: [['triaged', 1]] })),
    // G10, 4 cancelled after the decision home (6 Nov).
    ...times(4, (i): Spec => ({ group: 'G10', at: local(6, 13, i), decided: { destination: 'home' }, status: 'cancelled', steps: [['triaged', 1], ['cancelled', 3]] })),
    // G11, 1 just referred, no decision yet (29 Nov).
    { group: 'G11', at: local(29, 10, 0), status: 'referred', steps: [] },
    // G12, 20 home in Charlois (12 Nov): 18 by a GP, 2 by the HAP.
    ...times(20, (i): Spec => ({ group: 'G12', at: local(12, 10, i), district: 'Charlois', role: i < 18 ? 'gp' : 'hap_triagist', decided: { destination: 'home' }, placement: { destination: 'home' }, status: 'notified', steps: [['triaged', 2], ['placed', 3], ['notified', 4]] })),
    // G15, 3 SEH in Hoogvliet (13 Nov).
    ...times(3, (i): Spec => ({ group: 'G15', at: local(13, 10, i), district: 'Hoogvliet', decided: { destination: 'seh' }, placement: { destination: 'seh' }, status: 'notified', steps: [['triaged', 2], ['placed', 3]] })),
    // Outside the period: 23:55 on 1 Nov and 00:10 on 30 Nov (home), and G14: a wijkkliniek stay from 30 Oct to 3 Nov 08:00 (counts for occupancy on 2 Nov only).
    { group: 'out', at: local(1, 23, 55), decided: { destination: 'home' }, placement: { destination: 'home' }, status: 'notified', steps: [['triaged', 2]] },
    { group: 'out', at: new Date(Date.UTC(2026, 10, 29, 23, 10)).toISOString(), decided: { destination: 'home' }, placement: { destination: 'home' }, status: 'notified', steps: [['triaged', 2]] },
    {
      group: 'G14', at: new Date(Date.UTC(2026, 9, 30, 9, 0)).toISOString(), decided: { destination: 'wijkkliniek' }, placement: { destination: 'wijkkliniek', facilityId: 'wk-kralingen', ward: 'algemeen' },
      status: 'discharged', steps: [['triaged', 1], ['bed_held', 2], ['admission_confirmed', 60, nurse], ['discharged', (Date.parse(local(3, 8, 0)) - Date.UTC(2026, 9, 30, 9, 0)) / 60_000, nurse]],
    },
  ];
  return specs.map(build);
}

/** What the figures read of a case (as the adapter's projection gives it). */
export const asFiguresCase = (c: Case): FiguresCase => ({
  caseId: c.caseId,
  status: c.status,
  ...(c.district ? { district: c.district } : {}),
  createdAt: c.createdAt,
  ...(c.placement ? { placement: c.placement } : {}),
  timeline: c.timeline,
  ...(c.decision ? { decision: { destination: c.decision.destination, ...(c.decision.ward ? { ward: c.decision.ward } : {}) } } : {}),
  referrerRole: c.referral.referrer.role,
});

/** What the weekly review reads of a case. */
export const asReviewCase = (c: Case): ReviewCase => {
  const { decision: _short, ...rest } = asFiguresCase(c);
  return {
    ...rest,
    ...(c.decision ? { decision: { destination: c.decision.destination, ...(c.decision.ward ? { ward: c.decision.ward } : {}), ruleId: c.decision.ruleId, reasons: c.decision.reasons, treeVersion: c.decision.treeVersion } } : {}),
    urgency: c.referral.presentation.urgency,
  };
};
