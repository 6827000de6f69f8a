import * as z from 'zod';
import { caseReferralSchema } from './stored-referral';
import { destinations, herstelkliniekWards, treatingPhysicians } from './triage/tree-schema';

export const caseStatuses = [
  'referred',
  'triaged',
  'call_112',
  'bed_held',
  'admission_confirmed',
  'discharged',
  'cancelled',
  'expired',
  'escalated',
  'notified',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Nothing more happens to a case in these: no consultation, escalation or placement. */
export const closedStatuses: readonly CaseStatus[] = ['call_112', 'discharged', 'cancelled'];

/**
 * Open and holding no bed: waiting for its decision or placement, told where to go, or
 * with the coordinator. Such a case may be cancelled or handed to the coordinator by a
 * plain conditional write; one holding a bed goes through its hold's transaction.
 */
export const openWithoutBedStatuses: readonly CaseStatus[] = ['referred', 'triaged', 'notified', 'escalated', 'expired'];

/**
 * The coordinator holds the case: no place was found, a step failed, or a consultation
 * went unanswered. On the wire the value stays `escalated` until a later issue renames it
 * (with a migration); in the code it is "with the coordinator", never "escalated".
 */
export const withCoordinator = 'escalated' satisfies CaseStatus;

/** Cases the coordinator holds without a bed, which may be placed again. */
export const placeableAgainStatuses: readonly CaseStatus[] = [withCoordinator, 'expired'];

/**
 * The referral workflow should be moving a case in these: deciding it, placing it, waiting
 * with its held bed. A case in one carries `executionArn`, the execution it waits on (the
 * sparse awaitingWorkflow index); any other status takes it off, so the sweep of stuck cases
 * never reads the case history.
 */
export const awaitingWorkflowStatuses: readonly CaseStatus[] = ['referred', 'triaged', 'bed_held'];

/** Who acted: a role and an id (the username of a person, the team, place or region otherwise), with a name for people. */
const actorSchema = z.object({ role: z.string(), id: z.string(), name: z.string().optional() });
export type Actor = z.output<typeof actorSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  step: z.string(),
  by: actorSchema,
  detail: z.string().optional(),
});
export type TimelineEntry = z.output<typeof timelineEntrySchema>;

export const decisionSchema = z.object({
  ruleId: z.string(),
  destination: z.enum(destinations),
  ward: z.enum(herstelkliniekWards).optional(),
  /** Who leads care at the destination. Optional: decisions stored before it was added lack it (derive it from the destination). */
  treatingPhysician: z.enum(treatingPhysicians).optional(),
  flags: z.array(z.string()),
  reasons: z.array(z.string()),
  ruleIds: z.array(z.string()),
  facts: z.record(z.string(), z.unknown()),
  treeVersion: z.string(),
});

/** Where a decision sends the case, as a correction names it. */
const routeSchema = z.object({ destination: z.enum(destinations), ward: z.enum(herstelkliniekWards).optional() });

/**
 * The coordinator corrected the decision (POST /cases/{caseId}/decision). The reason is free
 * text: it stays on the case, never in an SMS or a workflow payload. `overrideSafety`: the
 * correction breaks a safety invariant (`breaches`, functions/domain/triage/invariants.ts) and
 * the coordinator said so explicitly; the weekly review lists such cases first.
 */
export const amendmentSchema = z.object({
  at: z.string(),
  by: z.object({ username: z.string(), role: z.string() }),
  reason: z.string(),
  from: routeSchema,
  to: routeSchema,
  overrideSafety: z.boolean().optional(),
  breaches: z.array(z.string()).optional(),
});
export type Amendment = z.output<typeof amendmentSchema>;

/** A case whose decision the coordinator may correct: decided, not admitted, not closed, and no workflow step in between. */
export const correctableStatuses: readonly CaseStatus[] = ['bed_held', 'notified', withCoordinator, 'expired'];

export const holdSchema = z.object({
  facilityId: z.string(),
  ward: z.string(),
  expiresAt: z.string(),
  /** Held while the SO is asked (herstelkliniek): no admission clock yet, and no admission before the SO agrees. */
  awaitingSo: z.boolean().optional(),
});
export type Hold = z.output<typeof holdSchema>;

/** Where the case actually went, and what was tried: kept apart from the clinical decision. */
export const placementSchema = z.object({
  destination: z.enum([...destinations, 'coordinator']),
  facilityId: z.string().optional(),
  ward: z.string().optional(),
  tried: z.array(
    z.object({
      facilityId: z.string(),
      destination: z.string(),
      ward: z.string(),
      /** full: no free bed ("fit but no bed"); closed: not admitting at this hour; no_ward; lost_race: taken meanwhile */
      reason: z.enum(['full', 'closed', 'no_ward', 'lost_race']),
    }),
  ),
  at: z.string(),
});
export type Placement = z.output<typeof placementSchema>;

/** Set on a referral from the person's earlier cases (functions/domain/continuity.ts). */
export const continuityFlags = ['many_moves', 'return_72h'] as const;
export type ContinuityFlag = (typeof continuityFlags)[number];

/** Whether the case is linked to the person's other cases (not without a BSN), and the flags it got at referral. */
export const caseContinuitySchema = z.object({ linked: z.boolean(), flags: z.array(z.enum(continuityFlags)) });
export type CaseContinuity = z.output<typeof caseContinuitySchema>;

/** Where a patient goes at discharge (POST /cases/{caseId}/discharge). */
export const dischargeDestinations = ['home', 'home_with_care', 'wlz', 'hospital', 'deceased', 'other'] as const;
export type DischargeDestination = (typeof dischargeDestinations)[number];

/** The warm handover at discharge: where to, and a note for the next carer (free text: on the case, never in an SMS). */
export const dischargeSchema = z.object({
  at: z.string(),
  dischargedTo: z.enum(dischargeDestinations),
  note: z.string().optional(),
});
export type Discharge = z.output<typeof dischargeSchema>;

/** The case entity: one schema for store, API and workflow. */
export const caseSchema = z.object({
  caseId: z.string(),
  region: z.string(),
  status: z.enum(caseStatuses),
  district: z.string().optional(),
  /** Live: the referral (postcode as its 4 digits); anonymised: without BSN, postcode and age (functions/domain/stored-referral.ts). */
  referral: caseReferralSchema,
  /** The regiehouder: exactly one current owner at every moment. */
  owner: actorSchema,
  /** The decision in force: the tree's, or the coordinator's correction (see `amendments`). */
  decision: decisionSchema.optional(),
  /** The tree's decision, kept once the coordinator corrected it. */
  originalDecision: decisionSchema.optional(),
  /** The coordinator's corrections of the decision, oldest first. */
  amendments: z.array(amendmentSchema).optional(),
  hold: holdSchema.optional(),
  placement: placementSchema.optional(),
  /** The username of the person who referred: a GP reads and acts on their own referrals. */
  referredBy: z.string().optional(),
  /** Usernames of the SOs and VS/PAs asked about this case: they may read it. */
  consultedUsernames: z.array(z.string()).optional(),
  /** The username whose action started the running workflow (a referral, placing again): "on whose behalf" in the access log. */
  workflowStartedBy: z.string().optional(),
  /** The username who asked the SO last (a HAP triagist's request), for the consultation's steps. */
  consultationRequestedBy: z.string().optional(),
  /** Internal: the workflow's callback token while it waits for admission. Never served by the API. */
  admissionTaskToken: z.string().optional(),
  /**
   * The referral workflow's execution this case waits on, while its status is one of
   * `awaitingWorkflowStatuses` (the key of the sparse awaitingWorkflow index); known before
   * the execution starts, as its name is chosen (the case id, `-plaats-<ms>`, `-herstart-<n>`).
   */
  executionArn: z.string().optional(),
  /** How often the sweep of stuck cases started the workflow again; after two, the coordinator takes over. */
  workflowRestarts: z.number().int().optional(),
  /** When the sweep found the case stuck and started it again; gone once the case moves (its status changes). */
  stalledAt: z.string().optional(),
  /** The referrer's phone, from their profile at referral (never from the body): the discharge is told to them. */
  referrerPhone: z.string().optional(),
  /** The stay clock, set at admission from the ward's maximum stay (functions/domain/stay-clock.ts); none on a palliative ward. */
  stayEndsAt: z.string().optional(),
  maxStayDays: z.number().int().positive().optional(),
  /** Internal: the next moment the job SweepStayClocks acts (the sparse stayClocks index), and what it does then. */
  stayClockDue: z.string().optional(),
  stayClockStep: z.enum(['reminder', 'end']).optional(),
  /** The discharge: where to, and the handover note. */
  discharge: dischargeSchema.optional(),
  /**
   * Internal: the pseudonymous patient key (HMAC-SHA256 of the BSN with a secret key; never
   * the BSN), the key of the sparse byPatient index. Absent without a BSN, and removed on
   * anonymising. Never served by the API, never in a workflow payload.
   */
  patientKey: z.string().optional(),
  /** Linked or not, and the continuity flags set at referral (many_moves, return_72h). */
  continuity: caseContinuitySchema.optional(),
  timeline: z.array(timelineEntrySchema),
  /** When the case was anonymised after the retention (job AnonymiseOldCases): only what the figures read is left. */
  anonymisedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Case = z.output<typeof caseSchema>;

/**
 * A line of the coordinator's overview: where a case stands, without any patient fact
 * (no BSN, postcode, age or condition); only the case page shows those, and logs it.
 */
export const caseSummarySchema = caseSchema
  .pick({ caseId: true, status: true, owner: true, placement: true, createdAt: true, updatedAt: true, stalledAt: true, continuity: true, stayEndsAt: true })
  .extend({
    destination: decisionSchema.shape.destination.optional(),
    urgency: z.string().optional(),
  });
export type CaseSummary = z.output<typeof caseSummarySchema>;

export const systemActor: Actor = { role: 'system', id: 'verkeerstoren' };

/** The region's coordinator as the case's owner. */
export const coordinatorOf = (region: string): Actor => ({ role: 'coordinator', id: region });

/** What the API shows of a case: everything but internal workflow tokens, the execution's ARN (it names the account) and the patient key. */
export function publicCase(c: Case): Omit<Case, 'admissionTaskToken' | 'executionArn' | 'patientKey'> {
  const { admissionTaskToken: _token, executionArn: _execution, patientKey: _patientKey, ...rest } = c;
  return rest;
}
