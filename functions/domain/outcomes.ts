import type { Case, Placement } from './case';
import type { FacilityKind } from './facility';
import { facilityKinds } from './facility';

/**
 * Where a case ended, and what that means for the figures the region steers on. Shared by
 * the figures from the case data and the what-if simulation, so both count alike. Pure.
 */
export const endPlaces = ['home', 'herstelkliniek', 'wijkkliniek', 'reo_bed', 'seh', 'call_112', 'coordinator', 'cancelled', 'open'] as const;
export type EndPlace = (typeof endPlaces)[number];

/** The places that keep a patient out of the SEH: home and the three kinds of bed close to home. */
export const awayFromSeh: readonly EndPlace[] = ['home', 'herstelkliniek', 'wijkkliniek', 'reo_bed'];

/**
 * Where a case ended: 112; cancelled; with the coordinator (no place found, a hold that ran
 * out, a consultation nobody answered, a fault); else where its placement sent it (a held
 * bed counts as that place); `open` while it waits for its decision or placement.
 */
export function endPlace(c: Pick<Case, 'status' | 'placement'>): EndPlace {
  if (c.status === 'call_112') return 'call_112';
  if (c.status === 'cancelled') return 'cancelled';
  if (c.status === 'escalated' || c.status === 'expired') return 'coordinator';
  return c.placement?.destination ?? 'open';
}

/**
 * The bed kinds a placement tries, in order: the decision's own kind, then herstelkliniek,
 * the bed every fallback of `destinationChain` ends in (a test holds the two together).
 */
export const triedKindsInOrder = (decided: string): FacilityKind[] =>
  [...new Set([decided, 'herstelkliniek'])].filter((k): k is FacilityKind => (facilityKinds as readonly string[]).includes(k));

/**
 * "Clinically fit but no bed": the kinds the placement tried before it placed the case (or
 * gave up), where at least one facility was full or taken in the meantime, without placing
 * the case at that kind. The plan also lists facilities of later kinds that were full; those
 * were never needed and do not count.
 */
export function fitButNoBedKinds(tried: Pick<Placement['tried'][number], 'destination' | 'reason'>[], placedAt: string, decided: string): FacilityKind[] {
  const order = triedKindsInOrder(decided);
  const at = order.indexOf(placedAt as FacilityKind);
  const before = at < 0 ? order : order.slice(0, at);
  return before.filter((kind) => tried.some((t) => t.destination === kind && (t.reason === 'full' || t.reason === 'lost_race')));
}

/**
 * Hospital bed-days avoided: every case that ended away from the SEH counts as a hospital
 * stay of this many days not taken. Configurable (AVERAGE_HOSPITAL_STAY_DAYS); the default
 * is an assumption, not a measured figure: see `hospitalStayDefault.source`.
 */
export const hospitalStayDefault = {
  days: 6,
  source:
    'aanname: geen bron in de projectstukken; een klinische opname van een kwetsbare oudere duurt enkele dagen langer dan het gemiddelde van alle opnames (ongeveer 5 dagen). Zet AVERAGE_HOSPITAL_STAY_DAYS op het cijfer van de eigen regio.',
} as const;

export interface HospitalStay {
  days: number;
  source: string;
}

/** The configured average stay: from the environment when set (its source then says so), else the default. */
export const hospitalStay = (configured: number | undefined): HospitalStay =>
  configured === undefined ? { ...hospitalStayDefault } : { days: configured, source: 'ingesteld door de regio (AVERAGE_HOSPITAL_STAY_DAYS)' };
