import type { TableId } from './data/tables';

/**
 * Which handler does what, with what it may touch. The CDK stacks build a Lambda per
 * entry with exactly these grants; the local runtime loads the same files. One list, so
 * the two cannot disagree.
 */
/**
 * `append`: put only (the access log; NEN 7513). `readIndex`: the access log for the
 * privacy officer: read, and put (a read of the log is logged too), never update or delete.
 */
export type TableAccess = 'read' | 'readWrite' | 'append' | 'readIndex';

export interface HandlerSpec {
  /** File under functions/handlers/, without extension. */
  file: string;
  tables: Partial<Record<TableId, TableAccess>>;
  sms?: boolean;
  startsWorkflow?: boolean;
  /** Sends task success/failure to a parked referral workflow task. */
  resumesWorkflow?: boolean;
  /** Reads where the referral workflow's executions stand (DescribeExecution). */
  describesWorkflow?: boolean;
  startsConsultation?: boolean;
  /** Sends task success to a parked consultation workflow task. */
  resumesConsultation?: boolean;
}

export interface RouteSpec extends HandlerSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax, e.g. /cases/{caseId} */
  path: string;
}

export const apiRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/referrals',
    file: 'create-referral',
    tables: { cases: 'readWrite', audit: 'append', idempotency: 'readWrite' },
    startsWorkflow: true,
  },
  { method: 'GET', path: '/cases', file: 'list-cases', tables: { cases: 'read', audit: 'append' } },
  { method: 'GET', path: '/cases/{caseId}', file: 'get-case', tables: { cases: 'read', audit: 'append' } },
  { method: 'GET', path: '/triage-tree', file: 'get-triage-tree', tables: {} },
  { method: 'GET', path: '/audit', file: 'read-audit', tables: { cases: 'read', audit: 'readIndex' } },
  { method: 'POST', path: '/audit/search', file: 'read-audit', tables: { cases: 'read', audit: 'readIndex' } },
  { method: 'POST', path: '/cases/{caseId}/admission', file: 'confirm-admission', tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append' }, resumesWorkflow: true },
  // A held bed's desk is texted that nobody comes.
  { method: 'POST', path: '/cases/{caseId}/cancel', file: 'cancel-case', tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append' }, resumesWorkflow: true, sms: true },
  { method: 'POST', path: '/cases/{caseId}/placement', file: 'place-again', tables: { cases: 'readWrite', audit: 'append' }, startsWorkflow: true },
  // The coordinator corrects the decision: a held bed goes back in the same transaction (its desk is texted), the waiting execution ends, a new one places the case.
  {
    method: 'POST',
    path: '/cases/{caseId}/decision',
    file: 'correct-decision',
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append' },
    startsWorkflow: true,
    resumesWorkflow: true,
    sms: true,
  },
  // The warm handover: the referrer, the patient's GP practice and (home) the district team are texted.
  { method: 'POST', path: '/cases/{caseId}/discharge', file: 'discharge-case', tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' }, sms: true },
  { method: 'GET', path: '/facilities', file: 'list-facilities', tables: { facilities: 'read', audit: 'append' } },
  { method: 'GET', path: '/rosters', file: 'list-rosters', tables: { rosters: 'read', audit: 'append' } },
  { method: 'PUT', path: '/rosters/{rosterKey}/slots/{slotId}', file: 'put-roster-slot', tables: { rosters: 'readWrite', audit: 'append' } },
  { method: 'POST', path: '/cases/{caseId}/escalations', file: 'request-so-consultation-by-hap', tables: { cases: 'readWrite', audit: 'append' }, startsConsultation: true },
  // The answer resumes the consultation workflow, or the referral workflow's SO gate.
  { method: 'GET', path: '/c/{token}', file: 'consultation-link', tables: { consultations: 'readWrite', cases: 'readWrite', audit: 'append' }, resumesConsultation: true, resumesWorkflow: true },
  { method: 'POST', path: '/c/{token}', file: 'consultation-link', tables: { consultations: 'readWrite', cases: 'readWrite', audit: 'append' }, resumesConsultation: true, resumesWorkflow: true },
  { method: 'PUT', path: '/facilities/{facilityId}/wards/{ward}', file: 'update-ward', tables: { facilities: 'readWrite', audit: 'append' } },
  // The figures a region steers on, the weekly review list and the what-if: the case history read in aggregate.
  { method: 'GET', path: '/figures', file: 'get-figures', tables: { cases: 'read', facilities: 'read', audit: 'append' } },
  { method: 'GET', path: '/figures/whatif', file: 'get-whatif', tables: { cases: 'read', facilities: 'read', audit: 'append' } },
  { method: 'GET', path: '/review', file: 'get-review-list', tables: { cases: 'read', audit: 'append' } },
];

const awaitAdmission: HandlerSpec = {
  file: 'await-admission',
  tables: { cases: 'readWrite', facilities: 'read', audit: 'append', notifications: 'readWrite' },
  sms: true,
};

const gateAwaitSoAnswer: HandlerSpec = {
  file: 'await-so-answer',
  tables: { cases: 'readWrite', audit: 'append', rosters: 'read', consultations: 'readWrite', notifications: 'readWrite' },
  sms: true,
};

/**
 * A team's confirmation of a home decision (the district team, FACT-VVT): the wait step reads
 * no case, queries the roster once and writes the case, the link, the access log and the
 * text's record in one transaction.
 */
const awaitTeamAnswer: HandlerSpec = {
  file: 'await-team-answer',
  tables: { cases: 'readWrite', audit: 'append', rosters: 'read', consultations: 'readWrite', notifications: 'readWrite' },
  sms: true,
};
const teamNoAnswer: HandlerSpec = { file: 'record-no-answer', tables: { cases: 'readWrite', audit: 'append', rosters: 'read' } };
const teamToCoordinator: HandlerSpec = { file: 'notify-coordinator', tables: { cases: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' }, sms: true };

/** Task states of the referral workflow, keyed by their (stable, PascalCase) state name. */
export const workflowTasks = {
  RecordDecision: { file: 'record-decision', tables: { cases: 'readWrite', audit: 'append' } },
  RequestSoConsultation: { file: 'request-so-consultation', tables: {}, startsConsultation: true },
  PlaceCase: { file: 'place-case', tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append' } },
  // One wait per urgency (the hold lasts U2 1 h, U3 2 h, U4/U5 4 h); the same handler.
  AwaitAdmission: awaitAdmission,
  AwaitAdmissionU2: awaitAdmission,
  AwaitAdmissionU4: awaitAdmission,
  HandOverToCoordinator: {
    file: 'hand-over-to-coordinator',
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  ReleaseHold: {
    file: 'release-hold',
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  NotifyDestination: {
    file: 'notify-destination',
    tables: { cases: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  // The SO gate of a herstelkliniek placement: the consultation loop's handlers, under their own state names.
  GateSelectConsultee: { file: 'select-consultee', tables: { rosters: 'read', cases: 'read', audit: 'append' } },
  GateAwaitSoAnswerU2: gateAwaitSoAnswer,
  GateAwaitSoAnswerU3: gateAwaitSoAnswer,
  GateAwaitSoAnswerU4: gateAwaitSoAnswer,
  GateRecordNoAnswer: { file: 'record-no-answer', tables: { cases: 'readWrite', audit: 'append', rosters: 'read' } },
  GateNotifyCoordinator: { file: 'notify-coordinator', tables: { cases: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' }, sms: true },
  // A home decision, confirmed by the team on duty (workflows/home-confirmation.ts): one wait per urgency.
  DistrictTeamAwaitAnswerU2: awaitTeamAnswer,
  DistrictTeamAwaitAnswerU3: awaitTeamAnswer,
  DistrictTeamAwaitAnswerU4: awaitTeamAnswer,
  DistrictTeamRecordNoAnswer: teamNoAnswer,
  DistrictTeamNotifyCoordinator: teamToCoordinator,
  FactVvtAwaitAnswerU2: awaitTeamAnswer,
  FactVvtAwaitAnswerU3: awaitTeamAnswer,
  FactVvtAwaitAnswerU4: awaitTeamAnswer,
  FactVvtRecordNoAnswer: teamNoAnswer,
  FactVvtNotifyCoordinator: teamToCoordinator,
  StartAdmissionClock: {
    file: 'start-admission-clock',
    tables: { cases: 'readWrite', facilities: 'read', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  SoDeclined: {
    file: 'so-declined',
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
} satisfies Record<string, HandlerSpec>;

export type WorkflowTaskName = keyof typeof workflowTasks;

const consultationTables = { cases: 'readWrite', audit: 'append', rosters: 'read' } as const;
const awaitSoAnswer: HandlerSpec = {
  file: 'await-so-answer',
  tables: { ...consultationTables, consultations: 'readWrite', notifications: 'readWrite' },
  sms: true,
};

/** Task states of the SO consultation workflow; the three waits differ only in their timeout. */
export const consultationTasks = {
  SelectConsultee: { file: 'select-consultee', tables: { rosters: 'read', cases: 'read', audit: 'append' } },
  AwaitSoAnswerU2: awaitSoAnswer,
  AwaitSoAnswerU3: awaitSoAnswer,
  AwaitSoAnswerU4: awaitSoAnswer,
  RecordNoAnswer: { file: 'record-no-answer', tables: consultationTables },
  NotifyCoordinator: { file: 'notify-coordinator', tables: { ...consultationTables, notifications: 'readWrite' }, sms: true },
  ConsultationFailed: { file: 'notify-coordinator', tables: { ...consultationTables, notifications: 'readWrite' }, sms: true },
} satisfies Record<string, HandlerSpec>;

export type ConsultationTaskName = keyof typeof consultationTasks;

export interface ScheduledJobSpec extends HandlerSpec {
  everyMinutes: number;
  /** The event the schedule passes to the handler. */
  input: Record<string, unknown>;
  /**
   * A count the job reports per run as a CloudWatch metric (namespace `metricsNamespace`,
   * dimension `Region`), with an alarm when one run counts more than `alarmAbove`.
   */
  metric?: { name: string; alarmAbove: number; description: string };
}

/** Where the jobs' own metrics live in CloudWatch. */
export const metricsNamespace = 'Verkeerstoren';

/** Jobs on a timer: an EventBridge schedule in AWS, an interval in the local runtime. */
export const scheduledJobs = {
  // Behind the workflow's own hold timeout; the grace lets the workflow go first.
  SweepOverdueHolds: {
    file: 'sweep-overdue-holds',
    everyMinutes: 5,
    input: { graceSeconds: 300 },
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  // The safety net behind every execution: a case its workflow should be moving (referred,
  // triaged, a held bed) that has not moved for `stuckAfterSeconds` while its execution is no
  // longer running is started again (before the decision) or handed to the coordinator.
  SweepStuckCases: {
    file: 'sweep-stuck-cases',
    everyMinutes: 5,
    input: { stuckAfterSeconds: 300 },
    tables: { cases: 'readWrite', facilities: 'readWrite', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
    startsWorkflow: true,
    describesWorkflow: true,
    // One stuck case is a lost execution; several in one run point to a systemic fault.
    metric: { name: 'StuckCases', alarmAbove: 3, description: 'SweepStuckCases vond in één ronde meer vastgelopen casussen dan een losse verloren uitvoering verklaart: vermoedelijk een storing in de workflow of de Lambda-functies' },
  },
  // Issue 11: the stay clocks of admitted cases (index stayClocks): the reminder two days before
  // the end of the ward's maximum stay (REO: day 7, the consultation with the GP) to the
  // facility's desk and the treating physician, then the end itself on the timeline.
  SweepStayClocks: {
    file: 'sweep-stay-clocks',
    everyMinutes: 15,
    input: {},
    tables: { cases: 'readWrite', facilities: 'read', audit: 'append', rosters: 'read', notifications: 'readWrite' },
    sms: true,
  },
  // AVG: after CASE_RETENTION_DAYS (-c caseRetentionDays, default 400) a case keeps only what
  // the figures read; an open case gets `graceDays` more (functions/use-cases/anonymise-old-cases.ts).
  AnonymiseOldCases: {
    file: 'anonymise-old-cases',
    everyMinutes: 24 * 60,
    input: { graceDays: 30 },
    tables: { cases: 'readWrite', audit: 'append' },
  },
} satisfies Record<string, ScheduledJobSpec>;
