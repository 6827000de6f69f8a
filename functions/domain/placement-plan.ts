import type { Referral } from './referral-schema';
import { admitsAt, type Facility, type FacilityKind, type WardName } from './facility';
import type { Decision } from './triage/evaluate';
import { holds } from './triage/evaluate';
import type { Destination, TriageTree } from './triage/tree-schema';

/**
 * Where a case can go, in order of preference, given capacity and the hour. Pure: the
 * workflow's PlaceCase step walks this plan and tries a bed hold at each facility step.
 */
export type PlanStep =
  | { type: 'facility'; destination: FacilityKind; facilityId: string; ward: WardName }
  | { type: 'destination'; destination: Extract<Destination, 'home' | 'seh'> }
  | { type: 'coordinator' };

export type SkipReason = 'full' | 'closed' | 'no_ward';

export interface Skipped {
  facilityId: string;
  destination: FacilityKind;
  ward: WardName;
  reason: SkipReason;
}

export interface Plan {
  steps: PlanStep[];
  /** Facilities passed over before trying: closed at this hour, no such ward, or no free bed. */
  skipped: Skipped[];
}

const needWard = (tree: TriageTree, referral: Referral): WardName => {
  const choice = tree.fallback.ward;
  if (!choice) return 'somatiek';
  return (choice.choose.find((w) => holds(w.when, referral, tree)) ?? choice.otherwise).ward;
};

/** The destinations to try, clinical one first, then the fallback order. */
export function destinationChain(
  decision: Pick<Decision, 'destination' | 'ward'>,
  referral: Referral,
  tree: TriageTree,
): Array<{ destination: Destination | 'coordinator'; ward?: WardName }> {
  switch (decision.destination) {
    case 'wijkkliniek':
      return referral.acp.noHospitalAdmission
        ? [{ destination: 'wijkkliniek', ward: 'algemeen' }, { destination: 'herstelkliniek', ward: needWard(tree, referral) }, { destination: 'coordinator' }]
        : [{ destination: 'wijkkliniek', ward: 'algemeen' }, { destination: 'seh' }];
    case 'reo_bed':
      return [{ destination: 'reo_bed', ward: 'algemeen' }, { destination: 'herstelkliniek', ward: 'somatiek' }, { destination: 'coordinator' }];
    case 'herstelkliniek':
      return [{ destination: 'herstelkliniek', ward: decision.ward ?? 'somatiek' }, { destination: 'coordinator' }];
    default:
      return [{ destination: decision.destination }];
  }
}

/** Own district first, then facilities serving the district, then the rest; by name for a stable order. */
function byNearness(district: string | undefined) {
  const rank = (f: Facility) => (f.district === district ? 0 : district && f.districtsServed.includes(district) ? 1 : 2);
  return (a: Facility, b: Facility) => rank(a) - rank(b) || a.name.localeCompare(b.name);
}

export function planPlacement(input: {
  decision: Pick<Decision, 'destination' | 'ward'>;
  referral: Referral;
  district: string | undefined;
  facilities: Facility[];
  at: Date;
  tree: TriageTree;
}): Plan {
  const steps: PlanStep[] = [];
  const skipped: Skipped[] = [];
  for (const link of destinationChain(input.decision, input.referral, input.tree)) {
    if (link.destination === 'coordinator') {
      steps.push({ type: 'coordinator' });
      continue;
    }
    if (link.destination === 'home' || link.destination === 'seh') {
      steps.push({ type: 'destination', destination: link.destination });
      continue;
    }
    if (link.destination === 'call_112') continue;
    const kind = link.destination;
    const ward = link.ward ?? 'algemeen';
    for (const f of input.facilities.filter((x) => x.kind === kind).sort(byNearness(input.district))) {
      const beds = f.wards.find((w) => w.ward === ward);
      const reason: SkipReason | undefined = !beds ? 'no_ward' : !admitsAt(f, input.at) ? 'closed' : beds.free < 1 ? 'full' : undefined;
      if (reason) skipped.push({ facilityId: f.facilityId, destination: kind, ward, reason });
      else steps.push({ type: 'facility', destination: kind, facilityId: f.facilityId, ward });
    }
  }
  return { steps, skipped };
}
