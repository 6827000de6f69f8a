import { closedStatuses, type Case, type CaseSummary } from './case';
import { clinicalRoles, sehFacilityId, type Principal, type Role } from './principal';

/**
 * Who may do what, in one place (NEN 7510 need-to-know). Pure: the use cases ask it with
 * the signed-in principal and the case, and log what it answers. Never across regions.
 */
export const caseActions = ['read', 'cancel', 'confirm_admission', 'discharge', 'place_again', 'request_so_consultation', 'correct_decision'] as const;
export type CaseAction = (typeof caseActions)[number];

export type Outcome = 'allowed' | 'refused' | 'break_glass';

/** A reason of at least this length opens a case outside one's scope ("break the glass"). */
export const breakGlassMinLength = 10;

/** The facility a case is held at or admitted to; the SEH transfer desk for a case sent to the SEH. */
export function facilityOfCase(c: Pick<Case, 'hold' | 'placement' | 'region'>): string | undefined {
  if (c.hold?.facilityId) return c.hold.facilityId;
  if (c.placement?.facilityId) return c.placement.facilityId;
  return c.placement?.destination === 'seh' ? sehFacilityId(c.region) : undefined;
}

type CaseScope = Pick<Case, 'region' | 'status' | 'district' | 'hold' | 'placement' | 'referredBy' | 'consultedUsernames'> & Partial<Pick<Case, 'discharge' | 'decision'>>;

/** Sent home with the district team: told so, or discharged home after a stay (the warm handover, issue 11). */
const homeWithTeam = (c: CaseScope) => c.placement?.destination === 'home' || c.discharge?.dischargedTo === 'home' || c.discharge?.dischargedTo === 'home_with_care';

/** Sent home with the FACT-VVT team asked beside the district team (the decision's `fact_vvt` flag). */
const homeWithFactVvt = (c: CaseScope) => c.placement?.destination === 'home' && !!c.decision?.flags?.includes('fact_vvt');

const isOpen = (c: CaseScope) => !closedStatuses.includes(c.status);
const atOwnFacility = (p: Principal, c: CaseScope) => !!p.facilityId && facilityOfCase(c) === p.facilityId;

/** Per role: which actions it may take on a case, and on which cases. */
const scopes: Record<Role, (p: Principal, c: CaseScope) => readonly CaseAction[]> = {
  gp: (p, c) => (c.referredBy === p.username ? ['read', 'cancel', 'request_so_consultation'] : []),
  // Out of hours the HAP takes over from the GP: the open cases of the region.
  hap_triagist: (_p, c) => (isOpen(c) ? ['read', 'request_so_consultation'] : []),
  so: (p, c) => (c.consultedUsernames?.includes(p.username) || atOwnFacility(p, c) ? ['read'] : []),
  vs_pa: (p, c) => (c.consultedUsernames?.includes(p.username) || atOwnFacility(p, c) ? ['read'] : []),
  transfer_nurse: (p, c) => (atOwnFacility(p, c) ? ['read', 'confirm_admission', 'cancel', 'discharge'] : []),
  district_team: (p, c) => (homeWithTeam(c) && !!p.district && c.district === p.district ? ['read'] : []),
  // The psychogeriatric crisis team of the district, on the home cases it was asked to confirm.
  fact_vvt: (p, c) => (homeWithFactVvt(c) && !!p.district && c.district === p.district ? ['read'] : []),
  bed_manager: () => [],
  // The coordinator holds every case of the region and corrects where needed.
  coordinator: () => caseActions,
  privacy_officer: () => [],
};

/**
 * May `p` do `action` on case `c`? A clinical role outside its scope may still read the
 * case with a reason (break the glass): allowed, and logged as such.
 */
export function decideCaseAccess(p: Principal, action: CaseAction, c: CaseScope, breakGlassReason?: string): Outcome {
  if (p.region !== c.region) return 'refused';
  if (scopes[p.role](p, c).includes(action)) return 'allowed';
  const reason = breakGlassReason?.trim() ?? '';
  if (action === 'read' && clinicalRoles.includes(p.role) && reason.length >= breakGlassMinLength) return 'break_glass';
  return 'refused';
}

/** Everything else a person may do, by role. */
export const routeActions = {
  create_referral: ['gp', 'hap_triagist'],
  list_cases: ['coordinator'],
  read_facilities: ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator'],
  update_ward: ['bed_manager', 'coordinator'],
  read_rosters: ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator'],
  update_roster: ['coordinator'],
  read_triage_tree: ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator', 'privacy_officer'],
  read_audit: ['privacy_officer'],
  // Aggregates only, small cells hidden: the privacy officer sees no patient here either.
  read_figures: ['coordinator', 'privacy_officer'],
  // The weekly review shows timelines: the coordinator only.
  review_cases: ['coordinator'],
  run_whatif: ['coordinator'],
} as const satisfies Record<string, readonly Role[]>;
export type RouteAction = keyof typeof routeActions;

export const mayDo = (p: Principal, action: RouteAction): boolean => (routeActions[action] as readonly Role[]).includes(p.role);

/** A bed manager edits the wards of their own facility only; the coordinator every facility of the region. */
export const mayEditWard = (p: Principal, facilityId: string): boolean => p.role === 'coordinator' || (p.role === 'bed_manager' && p.facilityId === facilityId);

const maskedBsn = '•••••••••';

/** The BSN only for the transfer nurse of the facility that holds or admitted the patient, and the coordinator. */
export const maySeeBsn = (p: Principal, c: CaseScope): boolean => p.role === 'coordinator' || (p.role === 'transfer_nurse' && atOwnFacility(p, c));

/** Least data per role: the case as this person may see it (BSN masked where they may not see it). */
export function caseViewFor<C extends Case>(p: Principal, c: C): C {
  if (!c.referral.patient.bsn || maySeeBsn(p, c)) return c;
  return { ...c, referral: { ...c.referral, patient: { ...c.referral.patient, bsn: maskedBsn } } };
}

/** The overview line: no ward names either, since a ward hints at the diagnosis. */
export function summaryView(c: CaseSummary) {
  if (!c.placement) return c;
  const { ward: _ward, tried, ...placement } = c.placement;
  return { ...c, placement: { ...placement, tried: tried.map(({ ward: _w, ...t }) => t) } };
}
