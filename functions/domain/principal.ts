import type { Actor } from './case';

/** The roles a person signs in with: the Cognito groups in AWS, the seeded users locally. */
export const roles = ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator', 'privacy_officer'] as const;
export type Role = (typeof roles)[number];

/** Roles that treat patients: they may break the glass to open a case outside their scope. */
export const clinicalRoles: readonly Role[] = ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt'];

/** Who is signed in, from a verified token: never from a header the caller wrote. */
export interface Principal {
  username: string;
  role: Role;
  name: string;
  region: string;
  /** Transfer nurse, bed manager, SO at a facility: which one. The SEH transfer desk is `seh-<region>`. */
  facilityId?: string;
  /** District team, FACT-VVT team: which district. */
  district?: string;
  phone?: string;
}

/** A person as the timeline and the access log name them. */
export const actorOfPrincipal = (p: Principal): Actor => ({ role: p.role, id: p.username, name: p.name });

/** The facility id of a region's SEH transfer desk (a transfer nurse there sees the cases sent to the SEH). */
export const sehFacilityId = (region: string) => `seh-${region}`;
