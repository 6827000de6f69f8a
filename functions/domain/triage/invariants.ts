import type { Referral } from '../referral-schema';
import type { Destination, Ward } from './tree-schema';

/**
 * What a clinician checks in any tree version (/work/shared/domain.md), as code: which of
 * the safety invariants a destination (and ward) would break for this referral. The tree's
 * own decisions never break one (test/unit/triage-invariants.test.ts shows it over random
 * referrals); a person's correction of a decision may, and then needs an explicit override.
 * Pure.
 */
export const safetyInvariants = [
  'u1_calls_112',
  'confused_without_carer_not_home',
  'reo_only_stable_not_urgent',
  'grz_only_stable_no_fracture',
  'fracture_imaged_at_seh',
  'unstable_seen_at_seh',
  'acp_no_hospital_not_seh',
] as const;
export type SafetyInvariant = (typeof safetyInvariants)[number];

export interface SafetyBreach {
  invariant: SafetyInvariant;
  /** Dutch, for the coordinator. */
  message: string;
}

const messages: Record<SafetyInvariant, string> = {
  u1_calls_112: 'levensbedreigend of U1: bel 112',
  confused_without_carer_not_home: 'delirant of in psychogeriatrische crisis zonder mantelzorger die het aankan: niet naar huis',
  reo_only_stable_not_urgent: 'REO-observatie alleen voor een stabiele, niet-urgente (U3–U5) patiënt zonder medisch-specialistische zorgvraag',
  grz_only_stable_no_fracture: 'geriatrische revalidatie (GRZ) niet bij een instabiele patiënt of een nog niet uitgesloten fractuur',
  fracture_imaged_at_seh: 'verdenking fractuur zonder ACP-grens: eerst beeldvorming op de SEH',
  unstable_seen_at_seh: 'instabiele patiënt zonder ACP-grens: beoordeling op ziekenhuisniveau (SEH)',
  acp_no_hospital_not_seh: 'ACP-wens "geen ziekenhuisopname": niet naar de SEH',
};

/** The invariants `target` breaks for `referral`, in the order of the list; empty when it is safe. */
export function safetyBreaches(referral: Referral, target: { destination: Destination; ward?: Ward | undefined }): SafetyBreach[] {
  const p = referral.presentation;
  const acp = referral.acp.noHospitalAdmission;
  const fracture = p.suspectedFracture === true;
  const u1 = p.lifeThreatening || p.urgency === 'U1';
  const noCapableCarer = !referral.patient.informalCarerAvailable || referral.patient.carerOverburdened === true;
  const { destination, ward } = target;
  const broken: Record<SafetyInvariant, boolean> = {
    u1_calls_112: u1 !== (destination === 'call_112'),
    confused_without_carer_not_home: destination === 'home' && noCapableCarer && (p.delirium || p.psychogeriatricCrisis),
    reo_only_stable_not_urgent:
      destination === 'reo_bed' && !(p.clinicallyStable && ['U3', 'U4', 'U5'].includes(p.urgency) && !p.medicalSpecialistCareNeeded && !fracture),
    grz_only_stable_no_fracture: destination === 'herstelkliniek' && ward === 'grz' && !(p.clinicallyStable && !fracture),
    fracture_imaged_at_seh: !u1 && !acp && fracture && destination !== 'seh',
    unstable_seen_at_seh: !u1 && !acp && !p.clinicallyStable && destination !== 'seh',
    acp_no_hospital_not_seh: acp && destination === 'seh',
  };
  return safetyInvariants.filter((i) => broken[i]).map((invariant) => ({ invariant, message: messages[invariant] }));
}
