import type { Actor, Case, CaseStatus, CaseSummary, Hold, Placement, TimelineEntry } from './case';
import type { ConsultationAnswer, ConsultationRecord } from './consultation';
import type { Facility, WardBeds, WardUpdate } from './facility';
import type { RosterSlot } from './roster-slot';
import type { Decision } from './triage/evaluate';

/**
 * Narrow ports: the core sees these, never an SDK client. Each use case takes only the
 * methods it calls (`Pick<CaseStore, 'get'>`), so a test hands it exactly those.
 */

export interface CaseStore {
  /** Stores a new case; CaseIdTakenError if the id exists. */
  create(item: Case): Promise<void>;
  get(caseId: string): Promise<Case | undefined>;
  /** Records the decision and moves the case on; only from `referred` (else CaseClosedError). */
  recordDecision(caseId: string, decision: Decision, status: CaseStatus, entry: TimelineEntry): Promise<void>;
  /**
   * Appends to the timeline, optionally changing status and owner. With `from`, only if the
   * case is in one of those statuses (and holds no bed), else CaseClosedError.
   */
  appendTimeline(caseId: string, entry: TimelineEntry, change?: CaseChange): Promise<void>;
  /** Where a triaged case goes without a bed (home, SEH, the coordinator); only while it waits for placement. */
  recordPlacement(caseId: string, placement: Placement, change: Pick<CaseChange, 'status' | 'owner'>, entry: TimelineEntry): Promise<void>;
  /** Keeps the workflow's callback token while it waits for the admission; only while the bed is held. */
  storeAdmissionToken(caseId: string, token: string): Promise<void>;
  /** The region's cases created since `since`, newest first, as summaries without patient facts. */
  listSince(region: string, since: Date): Promise<CaseSummary[]>;
  /** Ids of the region's cases holding a bed whose hold expired before `before`. */
  overdueHolds(region: string, before: Date): Promise<string[]>;
}

export interface CaseChange {
  status?: CaseStatus;
  owner?: Actor;
  from?: readonly CaseStatus[];
}

export interface AuditEntry {
  caseId: string;
  actor: Actor;
  action: 'create' | 'read' | 'update';
  /** What was done: the route (`POST /referrals`), the workflow step or the job. */
  via: string;
}

/** NEN 7513: append-only access log. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** Who does something, and through which route or step: what the access log records. */
export interface Access {
  actor: Actor;
  via: string;
}

export interface SmsMessage {
  to: string;
  body: string;
  caseId: string;
  /** Who the message is for, e.g. `district_team:Delfshaven`; shown in the local phone view. */
  recipient: string;
}

export interface SentSms extends SmsMessage {
  messageId: string;
  sentAt: string;
}

export interface Notifier {
  send(message: SmsMessage): Promise<SentSms>;
}

export interface Recipient {
  recipient: string;
  phone: string;
}

export interface Roster {
  /** Who should hear about a case going to `destination`, for the patient's district. */
  recipientFor(destination: string, district: string | undefined, at: Date): Promise<Recipient>;
  coordinator(at: Date): Promise<Recipient>;
  /** The on-call SO and the backups (second SO, VS/PA), in order, for this moment. */
  soChain(at: Date): Promise<Array<Recipient & { role: string; name: string }>>;
}

/** The roster slots themselves, as the roster page edits them. */
export interface RosterStore {
  list(): Promise<RosterSlot[]>;
  put(slot: RosterSlot): Promise<void>;
}

/**
 * The running workflows: starts executions of the two state machines and answers the
 * tasks parked on a callback token.
 */
export interface Workflows {
  /** Starts the referral workflow; `name` is the case id, or unique per placement again. */
  startReferral(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /** Starts the SO consultation workflow (its own state machine). */
  startConsultation(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /**
   * Resumes a task parked on a callback token (e.g. waiting for admission). Resolves false
   * when the workflow no longer waits on that token (timed out, or lost in a local restart):
   * the case record is the truth, so callers note it and go on.
   */
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<boolean>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<boolean>;
}

export type HoldResult =
  | { result: 'held' }
  | { result: 'no_bed' }
  /** The case was not waiting for a bed; `current` is the case as it stood (absent if it is gone). */
  | { result: 'case_busy'; current?: Case };

export interface HoldInput {
  caseId: string;
  facilityId: string;
  ward: string;
  expiresAt: string;
  owner: Actor;
  placement: Placement;
  entry: TimelineEntry;
}

/** Ends a hold: back to the pool (expired, cancelled, escalated) or into an occupied bed (admission_confirmed). */
export interface EndHoldInput {
  caseId: string;
  hold: Hold;
  outcome: Extract<CaseStatus, 'expired' | 'cancelled' | 'escalated' | 'admission_confirmed'>;
  owner?: Actor;
  entry: TimelineEntry;
  now: Date;
}

export interface DischargeInput {
  caseId: string;
  facilityId: string;
  ward: string;
  entry: TimelineEntry;
}

/** Facilities and their beds; every change is atomic with the case it concerns. */
export interface Capacity {
  list(): Promise<Facility[]>;
  get(facilityId: string): Promise<Facility | undefined>;
  /** Holds a bed and records the placement on the case, in one transaction. */
  hold(input: HoldInput): Promise<HoldResult>;
  /** CaseClosedError when the case no longer holds that bed; HoldExpiredError when a confirmation comes too late. */
  endHold(input: EndHoldInput): Promise<void>;
  discharge(input: DischargeInput): Promise<void>;
  setWard(facilityId: string, ward: string, update: WardUpdate): Promise<WardBeds>;
}

export interface ConsultationStore {
  put(record: ConsultationRecord & { ttl: number }): Promise<void>;
  get(tokenHash: string): Promise<ConsultationRecord | undefined>;
  /** Marks the request answered, only if unanswered and unexpired at `now`; false otherwise. */
  answer(tokenHash: string, answer: ConsultationAnswer, advice: string | undefined, now: Date): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** New ids and secrets, injected like the clock so tests can choose them. */
export interface Ids {
  /** A short case reference for SMS, e.g. `VT-7K2M9Q`. */
  caseId(): string;
  /** A single-use secret for an answer link. */
  linkToken(): string;
}
