import type { CaseStatus, Placement } from './case';
import { continuityFlagLabels } from './continuity';
import type { FacilityKind } from './facility';
import { destinationLabels } from './sms';
import { treatingPhysicianByDestination, type TreatingPhysician } from './triage/tree-schema';

/**
 * The Dutch labels the web UI shows, in one place; GET /triage-tree serves them.
 * Lower case where they stand in a sentence; the UI capitalises a label that starts a line.
 */
export const statusLabels: Record<CaseStatus, string> = {
  referred: 'verwijzing ontvangen',
  triaged: 'getrieerd',
  call_112: 'bel 112',
  notified: 'betrokkenen ge-sms’t',
  bed_held: 'bed vastgehouden',
  admission_confirmed: 'opname bevestigd',
  discharged: 'ontslagen',
  cancelled: 'geannuleerd',
  expired: 'verlopen',
  escalated: 'geëscaleerd naar coördinator',
};

/** The referral's parts, as the form's fieldsets. */
export const groupLabels = {
  patient: 'Patiënt',
  acp: 'Proactieve zorgplanning',
  presentation: 'Presentatie',
  referrer: 'Verwijzer',
} as const;

/** Who acted or holds a case (the actor's role). */
export const roleLabels: Record<string, string> = {
  gp: 'huisarts',
  hap_triagist: 'triagist HAP',
  transfer_nurse: 'transferverpleegkundige',
  coordinator: 'coördinator',
  system: 'systeem',
  anonymous: 'verwijzer',
  so: 'SO',
  vs_pa: 'VS/PA',
  district_team: 'acuut wijkteam',
  fact_vvt: 'FACT-VVT-team',
  bed_manager: 'capaciteitsbeheerder',
  privacy_officer: 'privacyfunctionaris',
};

/** Why a facility could not take a case (placement.tried[].reason). */
export const placementReasonLabels: Record<Placement['tried'][number]['reason'], string> = {
  full: 'vol',
  closed: 'neemt nu niet op',
  no_ward: 'geen passende afdeling',
  lost_race: 'net bezet',
};

/** A facility's kind is the destination it serves; the bed board says "REO-bed" for short. */
export const facilityKindLabels: Record<FacilityKind, string> = {
  herstelkliniek: destinationLabels.herstelkliniek,
  wijkkliniek: destinationLabels.wijkkliniek,
  reo_bed: 'REO-bed',
};

/** Who leads care (hoofdbehandelaar), as every decision names it. */
export const treatingPhysicianLabels: Record<TreatingPhysician, string> = {
  gp: 'huisarts',
  so: 'specialist ouderengeneeskunde (SO)',
  medical_specialist: 'medisch specialist',
  none: 'geen: bel 112',
};

export const uiLabels = {
  destinations: destinationLabels,
  statuses: statusLabels,
  groups: groupLabels,
  roles: roleLabels,
  placementReasons: placementReasonLabels,
  facilityKinds: facilityKindLabels,
  treatingPhysicians: treatingPhysicianLabels,
  /** The continuity flags of a referral (many moves, a return after discharge). */
  continuityFlags: continuityFlagLabels,
  /** For a decision stored before it named its treating physician: the same table, by destination. */
  treatingPhysicianByDestination,
};
