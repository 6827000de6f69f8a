import type { AuditEntry } from './audit';
import type { Actor, Amendment, Case, CaseStatus, CaseSummary, Discharge, Hold, Placement, TimelineEntry } from './case';
import type { ConsultationAnswer, ConsultationRecord } from './consultation';
import type { LinkedCase } from './continuity';
import type { Facility, FacilityKind, WardBeds, WardUpdate } from './facility';
import type { RosterSlot } from './roster-slot';
import type { StayClock } from './stay-clock';
import type { Principal } from './principal';
import type { Decision } from './triage/evaluate';

/**
 * Narrow ports: the core sees these, never an SDK client. Each use case takes only the
 * methods it calls (`Pick<CaseStore, 'get'>`), so a test hands it exactly those.
 */

export interface CaseStore {
  /**
   * Stores a new case; CaseIdTakenError if the id exists. Every write takes the access-log
   * entry that records it (`audit`), and writes both in one transaction.
   */
  create(item: Case, audit?: AuditEntry): Promise<void>;
  get(caseId: string): Promise<Case | undefined>;
  /** Records the decision and moves the case on; only from `referred` (else CaseClosedError). */
  recordDecision(caseId: string, decision: Decision, status: CaseStatus, entry: TimelineEntry, audit?: AuditEntry): Promise<void>;
  /**
   * Appends to the timeline, optionally changing status and owner. With `from`, only if the
   * case is in one of those statuses (and holds no bed), else CaseClosedError.
   */
  appendTimeline(caseId: string, entry: TimelineEntry, change?: CaseChange, audit?: AuditEntry): Promise<void>;
  /** Where a triaged case goes without a bed (home, SEH, the coordinator); only while it waits for placement. */
  recordPlacement(caseId: string, placement: Placement, change: Pick<CaseChange, 'status' | 'owner'>, entry: TimelineEntry, audit?: AuditEntry): Promise<void>;
  /** Keeps the workflow's callback token while it waits for the admission; only while the bed is held. */
  storeAdmissionToken(caseId: string, token: string, audit?: AuditEntry): Promise<void>;
  /** The SO agreed (or the coordinator decides): the held bed's admission clock starts, until `expiresAt`. */
  startAdmissionClock(caseId: string, expiresAt: string, entry: TimelineEntry, audit?: AuditEntry): Promise<void>;
  /** The region's cases created since `since`, newest first, as summaries without patient facts. */
  listSince(region: string, since: Date): Promise<CaseSummary[]>;
  /** Ids of the region's cases holding a bed whose hold expired before `before`. */
  overdueHolds(region: string, before: Date): Promise<string[]>;
  /**
   * The region's cases waiting on a referral workflow execution (the sparse awaitingWorkflow
   * index) that have not moved since `idleSince`; what the sweep needs, no patient facts.
   */
  awaitingWorkflow(region: string, idleSince: Date): Promise<WorkflowWait[]>;
  /** A person's cases, by the pseudonymous patient key (the keys-only byPatient index): where each stands, no referral fact. */
  linkedCases(patientKey: string): Promise<LinkedCase[]>;
  /** Ids of the region's admitted cases whose stay clock is due at `now` (the sparse stayClocks index). */
  dueStayClocks(region: string, now: Date): Promise<string[]>;
  /**
   * The stay clock `seenDue` was acted on: record it and set the next step, or (none) stop the
   * clock. Only while the case is admitted with that clock, else CaseClosedError.
   */
  advanceStayClock(caseId: string, seenDue: string, entry: TimelineEntry, next?: Pick<StayClock, 'stayClockDue' | 'stayClockStep'>, audit?: AuditEntry): Promise<void>;
}

/** The pseudonymous patient key: HMAC-SHA256 of the BSN with a secret key; undefined without a BSN. */
export interface PatientKeys {
  keyOf(bsn: string | undefined): Promise<string | undefined>;
}

/**
 * The coordinator's correction of a decision, as one transaction: the case (decision in force,
 * the tree's kept, the amendment, back to `triaged` for the next execution), the held bed back
 * to its ward's pool, and the access-log entry. Only at the version read (else CaseClosedError).
 */
export interface DecisionCorrectionInput {
  caseId: string;
  version: number;
  decision: NonNullable<Case['decision']>;
  /** The tree's decision: kept only on the first correction. */
  originalDecision: NonNullable<Case['decision']>;
  amendment: Amendment;
  owner: Actor;
  entry: TimelineEntry;
  /** The execution that places the case again, named before it starts. */
  executionArn: string;
  startedBy: string;
  /** The bed the case held, if any. */
  hold?: Hold;
  audit: AuditEntry;
}

export interface DecisionCorrections {
  correct(input: DecisionCorrectionInput): Promise<void>;
}

/** A case waiting on its workflow, as the sweep of stuck cases sees it first: no patient facts. */
export interface WorkflowWait {
  caseId: string;
  status: CaseStatus;
  version: number;
  updatedAt: string;
  executionArn: string;
}

export interface CaseChange {
  status?: CaseStatus;
  owner?: Actor;
  from?: readonly CaseStatus[];
  /** Other attributes of the case to set with the change (who started the workflow, who was consulted). */
  set?: Partial<Pick<Case, 'consultedUsernames' | 'workflowStartedBy' | 'consultationRequestedBy' | 'executionArn' | 'workflowRestarts' | 'stalledAt'>>;
  /** Only if the case is still at this version: a job acting on what it read a moment ago (else CaseClosedError). */
  version?: number;
}

export type { AuditEntry } from './audit';

/** NEN 7513: append-only access log. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** A stored entry, as the privacy officer reads it. */
export interface AuditRecord {
  at: string;
  actor: { username: string; role: string; name?: string };
  onBehalfOf?: string;
  action: string;
  caseId: string;
  outcome: 'allowed' | 'refused' | 'break_glass';
  reason?: string;
  via: string;
  source?: string;
}

/** The access log read back: by case, by flagged outcome, by person (their BSN, turned into the patient key). */
export interface AuditReader {
  byCase(caseId: string): Promise<AuditRecord[]>;
  flagged(outcome: 'refused' | 'break_glass'): Promise<AuditRecord[]>;
  byBsn(bsn: string): Promise<AuditRecord[]>;
}

/** Who does something, and through which route or step: what the access log records. */
export interface Access {
  actor: Actor;
  /** The route (`POST /cases/{caseId}/cancel`) or the workflow step (`workflow:PlaceCase`). */
  via: string;
  /** The signed-in person; absent for the system and for an SMS answer link (its token is the proof). */
  principal?: Principal;
  /** Where the request came from (the viewer's address, and the edge it came through). */
  source?: string;
  /** A clinician opening a case outside their scope says why (header X-Break-Glass-Reason). */
  breakGlassReason?: string;
  /** For a workflow step: the username whose action started it. */
  onBehalfOf?: string;
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

/** A text delivered (or given up on) whose record is not written yet: the caller writes it with the change it belongs to. */
export interface DeliveredSms extends SentSms {
  status: 'sent' | 'recorded' | 'dead_letter';
  channel: 'sns' | 'outbox';
  attempts?: number;
  error?: string;
}

/**
 * Delivers a text without writing its record (SNS: retried; a dead letter tells the
 * coordinator as `send` does), so a step can write the record in its own transaction.
 */
export interface DeliveringNotifier {
  deliver(message: SmsMessage): Promise<DeliveredSms>;
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
  soChain(at: Date): Promise<Array<Recipient & { role: string; name: string; username?: string }>>;
  /** The contacts on duty under one roster key (a district team, then its backups), in order: one query. */
  chain(rosterKey: string, at: Date): Promise<Array<Recipient & { role: string; name: string; username?: string }>>;
}

/** The roster slots themselves, as the roster page edits them. */
export interface RosterStore {
  list(): Promise<RosterSlot[]>;
  get(rosterKey: string, slotId: string): Promise<RosterSlot | undefined>;
  put(slot: RosterSlot): Promise<void>;
}

/**
 * The running workflows: starts executions of the two state machines and answers the
 * tasks parked on a callback token.
 */
export interface Workflows {
  /** Starts the referral workflow; `name` is the case id, or unique per placement again (`-plaats-<ms>`) or restart (`-herstart-<n>`). */
  startReferral(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /** Starts the SO consultation workflow (its own state machine). */
  startConsultation(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  /** The ARN the referral workflow's execution `name` has, or will have once started: kept on the case before the start. */
  referralExecutionArn(name: string): string;
  /** Where an execution stands; `GONE` when Step Functions does not know it (never started, or lost in a local restart). */
  describe(executionArn: string): Promise<ExecutionState>;
  /**
   * Resumes a task parked on a callback token (e.g. waiting for admission). Resolves false
   * when the workflow no longer waits on that token (timed out, or lost in a local restart):
   * the case record is the truth, so callers note it and go on.
   */
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<boolean>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<boolean>;
}

/** An execution's status as Step Functions reports it (`PENDING_REDRIVE`: about to run again), or `GONE`. */
export interface ExecutionState {
  status: 'RUNNING' | 'PENDING_REDRIVE' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'GONE';
  /** The error name of a failed execution, e.g. `States.Runtime`. */
  error?: string;
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
  /** The SO is asked first: the bed stays held, without an admission clock, until they agree. */
  awaitingSo?: boolean;
  owner: Actor;
  placement: Placement;
  entry: TimelineEntry;
  audit?: AuditEntry;
}

/** Ends a hold: back to the pool (expired, cancelled, escalated) or into an occupied bed (admission_confirmed). */
export interface EndHoldInput {
  caseId: string;
  hold: Hold;
  outcome: Extract<CaseStatus, 'expired' | 'cancelled' | 'escalated' | 'admission_confirmed'>;
  owner?: Actor;
  entry: TimelineEntry;
  now: Date;
  audit?: AuditEntry;
  /** Only if the case is still at this version (the sweep of stuck cases). */
  version?: number;
  /**
   * A person's confirm or cancel answers the waiting workflow with the token it read: the
   * hold ends only if the case still has that token (or still none), else CaseClosedError and
   * the caller reads again. Otherwise AwaitAdmission could store its token between the read
   * and the write, and never be answered.
   */
  tokenSeen?: { token: string | undefined };
  /** An admission: the stay clock of its ward (absent: no maximum stay). */
  stay?: StayClock & { maxStayDays: number };
}

export interface DischargeInput {
  caseId: string;
  facilityId: string;
  ward: string;
  /** Where to, and the handover note (stored on the case). */
  record?: Discharge;
  entry: TimelineEntry;
  audit?: AuditEntry;
}

/** Facilities and their beds; every change is atomic with the case it concerns. */
export interface Capacity {
  list(): Promise<Facility[]>;
  /** The facilities of these kinds (an index by kind and district; no scan). Counts may lag a moment: a hold is conditional anyway. */
  ofKinds(kinds: readonly FacilityKind[]): Promise<Facility[]>;
  get(facilityId: string): Promise<Facility | undefined>;
  /** Holds a bed and records the placement on the case, in one transaction. */
  hold(input: HoldInput): Promise<HoldResult>;
  /** CaseClosedError when the case no longer holds that bed; HoldExpiredError when a confirmation comes too late. */
  endHold(input: EndHoldInput): Promise<void>;
  discharge(input: DischargeInput): Promise<void>;
  setWard(facilityId: string, ward: string, update: WardUpdate): Promise<WardBeds>;
}

/** A texted question, written whole: the case's timeline step, the link, the access-log entry and the text's record. */
export interface TextedQuestion {
  caseId: string;
  entry: TimelineEntry;
  change: CaseChange;
  link: ConsultationRecord & { ttl: number };
  audit: AuditEntry;
  sms: DeliveredSms;
}

export interface ConsultationStore {
  put(record: ConsultationRecord & { ttl: number }): Promise<void>;
  /** One transaction for a texted question; CaseClosedError when the case is not in `change.from` (CaseNotFoundError when gone). */
  putTexted(question: TextedQuestion): Promise<void>;
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
