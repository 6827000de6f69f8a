import type { Actor, Case, CaseStatus, Discharge, Hold, Placement, TimelineEntry } from '../domain/case';
import type { StayClock } from '../domain/stay-clock';
import { awaitingWorkflowStatuses, caseSchema, caseSummarySchema } from '../domain/case';
import { dischargedAtOf, type LinkedCase } from '../domain/continuity';
import type { CaseChange, DecisionCorrectionInput, HoldInput } from '../domain/ports';
import type { Decision } from '../domain/triage/evaluate';

/**
 * The case entity in the cases table: its key, its indexes, the item's schema and pure
 * command builders (tested without a client). Adapters only send what these build.
 */
export const caseTable = 'cases' as const;

export const caseKey = (caseId: string) => ({ caseId });

export const caseIndexes = {
  /** Sparse, keys only: only a case holding a bed carries `holdExpiresAt`. */
  heldBeds: 'heldBeds',
  /** Keys only: the region's cases by creation time, for the coordinator's overview. */
  byRegion: 'byRegion',
  /**
   * Sparse, keys only: only a case the referral workflow should be moving carries
   * `executionArn` (see awaitingWorkflowStatuses), so the sweep of stuck cases reads the
   * open cases with an execution, never the case history.
   */
  awaitingWorkflow: 'awaitingWorkflow',
  /**
   * Sparse, keys only: a person's cases by the pseudonymous patient key (an HMAC of the BSN),
   * sorted by creation time. Only a case with a BSN carries `patientKey`; an anonymised one
   * loses it. The index never holds the BSN or any other referral fact.
   */
  byPatient: 'byPatient',
  /**
   * Sparse, keys only: only an admitted case with a stay clock carries `stayClockDue` (the
   * next reminder or the end of the stay), so the job SweepStayClocks reads just those.
   */
  stayClocks: 'stayClocks',
} as const;

export const parseCaseItem = (item: Record<string, unknown>): Case => caseSchema.parse(item);

/** What the overview reads of a case: no referral fact leaves the table. */
export const summaryProjection = {
  ProjectionExpression: 'caseId, #status, #owner, placement, createdAt, updatedAt, stalledAt, continuity, decision.destination, referral.presentation.urgency, stayEndsAt',
  ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
};

/** What the sweep of stuck cases reads of a case first: where it stands, no referral fact. */
export const waitProjection = {
  ProjectionExpression: 'caseId, #status, #version, updatedAt, executionArn',
  ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
};

/** What the continuity check reads of a linked case: where it stands, who may open it, when it was discharged; no referral fact. */
export const linkedProjection = {
  ProjectionExpression: 'caseId, #region, #status, district, #hold, placement, referredBy, consultedUsernames, createdAt, timeline',
  ExpressionAttributeNames: { '#region': 'region', '#status': 'status', '#hold': 'hold' },
};

/** A linked case as read with linkedProjection: the timeline only gives the discharge time. */
export function parseLinkedItem(item: Record<string, unknown>): LinkedCase {
  const { timeline, ...rest } = item as { timeline?: TimelineEntry[] };
  const parsed = linkedCaseSchema.parse(rest);
  const dischargedAt = dischargedAtOf(timeline);
  return { ...parsed, ...(dischargedAt ? { dischargedAt } : {}) };
}

const linkedCaseSchema = caseSchema.pick({ caseId: true, region: true, status: true, district: true, hold: true, placement: true, referredBy: true, consultedUsernames: true, createdAt: true });

export function parseSummaryItem(item: Record<string, unknown>) {
  const { decision, referral, ...rest } = item as { decision?: { destination?: string }; referral?: { presentation?: { urgency?: string } } };
  return caseSummarySchema.parse({ ...rest, destination: decision?.destination, urgency: referral?.presentation?.urgency });
}

/** On a failed condition DynamoDB returns the item as it stood: gone and moved on are told apart by it. */
const allOld = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;

/** A case update: SET clauses with their names and values, then one condition. */
function update(table: string, caseId: string, sets: Record<string, unknown>, condition: string, extra: { names?: Record<string, string>; values?: Record<string, unknown>; remove?: string[] } = {}) {
  const names: Record<string, string> = { '#version': 'version', ...extra.names };
  const values: Record<string, unknown> = { ':one': 1, ...extra.values };
  const clauses = ['#version = #version + :one'];
  for (const [attribute, value] of Object.entries(sets)) {
    if (attribute === 'timeline') {
      clauses.unshift('timeline = list_append(timeline, :entry)');
      values[':entry'] = [value];
      continue;
    }
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    clauses.push(`#${attribute} = :${attribute}`);
  }
  // The awaitingWorkflow index follows the status: a case that leaves the statuses the
  // workflow moves leaves the index, and any move ends the sweep's stalled mark.
  const remove = [...(extra.remove ?? [])];
  if (typeof sets.status === 'string') {
    if (!awaitingWorkflowStatuses.includes(sets.status as CaseStatus) && !('executionArn' in sets)) remove.push('executionArn');
    if (!('stalledAt' in sets)) remove.push('stalledAt');
  }
  return {
    TableName: table,
    Key: caseKey(caseId),
    UpdateExpression: `SET ${clauses.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...allOld,
  };
}

/** `#status IN (:from0, …) AND attribute_not_exists(#hold)`, with its names and values. */
function fromStatuses(from: readonly CaseStatus[]) {
  const values = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
  return {
    condition: `#status IN (${Object.keys(values).join(', ')}) AND attribute_not_exists(#hold)`,
    names: { '#status': 'status', '#hold': 'hold' },
    values,
  };
}

/** A query of one of the region's indexes (keyed by region, sorted by a time), up to or from a moment. */
const regionIndexQuery = (table: string, index: string, region: string, sortCondition: string, at: Date) => ({
  TableName: table,
  IndexName: index,
  KeyConditionExpression: `#region = :region AND ${sortCondition}`,
  ExpressionAttributeNames: { '#region': 'region' },
  ExpressionAttributeValues: { ':region': region, ':at': at.toISOString() },
});

export const caseCommands = {
  create: (table: string, item: Case) => ({
    TableName: table,
    Item: item,
    ConditionExpression: 'attribute_not_exists(caseId)',
  }),

  get: (table: string, caseId: string) => ({ TableName: table, Key: caseKey(caseId), ConsistentRead: true }),

  /** Appends to the timeline; with `change.from`, only a case in one of those statuses that holds no bed. */
  appendTimeline: (table: string, caseId: string, entry: TimelineEntry, change: CaseChange = {}, extra: Record<string, unknown> = {}) => {
    const sets: Record<string, unknown> = { timeline: entry, updatedAt: entry.at };
    if (change.status) sets.status = change.status;
    if (change.owner) sets.owner = change.owner;
    Object.assign(sets, change.set, extra);
    const guard = change.from ? fromStatuses(change.from) : undefined;
    const seen = change.version === undefined ? '' : ' AND #version = :seen';
    return update(table, caseId, sets, `attribute_exists(caseId)${guard ? ` AND ${guard.condition}` : ''}${seen}`, {
      names: guard?.names,
      values: { ...guard?.values, ...(change.version === undefined ? {} : { ':seen': change.version }) },
    });
  },

  recordDecision: (table: string, caseId: string, decision: Decision, status: CaseStatus, entry: TimelineEntry) =>
    caseCommands.appendTimeline(table, caseId, entry, { status, from: ['referred'] }, { decision }),

  /** Only a case still waiting for placement: a cancelled one stays cancelled. */
  recordPlacement: (table: string, caseId: string, placement: Placement, change: { status?: CaseStatus; owner?: Actor }, entry: TimelineEntry) =>
    update(
      table,
      caseId,
      { placement, timeline: entry, updatedAt: entry.at, ...(change.status ? { status: change.status } : {}), ...(change.owner ? { owner: change.owner } : {}) },
      'attribute_exists(caseId) AND #st = :triaged AND attribute_not_exists(#hold)',
      { names: { '#st': 'status', '#hold': 'hold' }, values: { ':triaged': 'triaged' } },
    ),

  storeAdmissionToken: (table: string, caseId: string, token: string) => ({
    TableName: table,
    Key: caseKey(caseId),
    UpdateExpression: 'SET admissionTaskToken = :token',
    ConditionExpression: '#status = :held',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':token': token, ':held': 'bed_held' },
    ...allOld,
  }),

  /** The case side of holding a bed: only a triaged case without a hold; it enters the heldBeds index. */
  holdBed: (table: string, input: HoldInput) => {
    const hold: Hold = { facilityId: input.facilityId, ward: input.ward, expiresAt: input.expiresAt, ...(input.awaitingSo ? { awaitingSo: true } : {}) };
    // While the SO is asked the bed is off the heldBeds index: the hold sweep leaves it, however long the chain takes.
    return update(
      table,
      input.caseId,
      { hold, ...(input.awaitingSo ? {} : { holdExpiresAt: hold.expiresAt }), placement: input.placement, status: 'bed_held', owner: input.owner, timeline: input.entry, updatedAt: input.entry.at },
      'attribute_exists(caseId) AND attribute_not_exists(#hold) AND #st = :triaged',
      { names: { '#st': 'status' }, values: { ':triaged': 'triaged' } },
    );
  },

  /**
   * The case side of ending a hold. Every outcome takes the case off the heldBeds index; a
   * confirmed admission keeps its hold as the record of where, and only before it expires.
   */
  endHold: (
    table: string,
    input: { caseId: string; hold: Hold; outcome: CaseStatus; owner?: Actor; entry: TimelineEntry; now: Date; version?: number; tokenSeen?: { token: string | undefined }; stay?: StayClock & { maxStayDays: number } },
  ) => {
    const toPool = input.outcome !== 'admission_confirmed';
    const seen = input.version !== undefined;
    const token = input.tokenSeen ? (input.tokenSeen.token === undefined ? ' AND attribute_not_exists(admissionTaskToken)' : ' AND admissionTaskToken = :tokenSeen') : '';
    return update(
      table,
      input.caseId,
      // An admission starts the stay clock, if its ward has a maximum stay (it enters the stayClocks index).
      { status: input.outcome, timeline: input.entry, updatedAt: input.entry.at, ...(input.owner ? { owner: input.owner } : {}), ...(toPool ? {} : input.stay) },
      `#hold.facilityId = :heldFacility AND #st = :bedHeld${toPool ? '' : ' AND #hold.expiresAt > :now'}${seen ? ' AND #version = :seen' : ''}${token}`,
      {
        names: { '#hold': 'hold', '#st': 'status' },
        values: {
          ':heldFacility': input.hold.facilityId,
          ':bedHeld': 'bed_held',
          ...(toPool ? {} : { ':now': input.now.toISOString() }),
          ...(seen ? { ':seen': input.version } : {}),
          ...(input.tokenSeen?.token !== undefined ? { ':tokenSeen': input.tokenSeen.token } : {}),
        },
        remove: ['admissionTaskToken', 'holdExpiresAt', ...(toPool ? ['#hold'] : [])],
      },
    );
  },

  /** The SO agreed: the admission clock of the held bed starts, and the case enters the heldBeds index. */
  startAdmissionClock: (table: string, caseId: string, expiresAt: string, entry: TimelineEntry) => {
    const command = update(table, caseId, { timeline: entry, updatedAt: entry.at, holdExpiresAt: expiresAt }, '#st = :bedHeld AND attribute_exists(#hold)', {
      names: { '#st': 'status', '#hold': 'hold' },
      values: { ':bedHeld': 'bed_held', ':expiresAt': expiresAt },
      remove: ['#hold.awaitingSo'],
    });
    return { ...command, UpdateExpression: command.UpdateExpression.replace('SET ', 'SET #hold.expiresAt = :expiresAt, ') };
  },

  /**
   * The coordinator corrects the decision: the one in force is replaced, the tree's kept on
   * the first correction, the amendment appended; the case goes back to `triaged` with the
   * execution that places it again, and lets go of a held bed. Only at the version read.
   */
  correctDecision: (table: string, input: DecisionCorrectionInput) => {
    const command = update(
      table,
      input.caseId,
      { decision: input.decision, status: 'triaged', owner: input.owner, executionArn: input.executionArn, workflowStartedBy: input.startedBy, timeline: input.entry, updatedAt: input.entry.at },
      'attribute_exists(caseId) AND #version = :seen',
      {
        names: { '#hold': 'hold', '#placement': 'placement' },
        values: { ':seen': input.version, ':amendment': [input.amendment], ':noAmendments': [], ':original': input.originalDecision },
        remove: ['#hold', 'holdExpiresAt', 'admissionTaskToken', '#placement'],
      },
    );
    return {
      ...command,
      UpdateExpression: command.UpdateExpression.replace(
        'SET ',
        'SET amendments = list_append(if_not_exists(amendments, :noAmendments), :amendment), originalDecision = if_not_exists(originalDecision, :original), ',
      ),
    };
  },

  /** The case side of a discharge: only an admitted case; its stay clock stops (off the stayClocks index). */
  discharge: (table: string, caseId: string, entry: TimelineEntry, record?: Discharge) =>
    update(table, caseId, { status: 'discharged', timeline: entry, updatedAt: entry.at, ...(record ? { discharge: record } : {}) }, '#st = :confirmed', {
      names: { '#st': 'status' },
      values: { ':confirmed': 'admission_confirmed' },
      remove: ['stayClockDue', 'stayClockStep'],
    }),

  /** The region's admitted cases whose stay clock is due at `now` (sparse, keys-only index). */
  dueStayClocks: (table: string, region: string, now: Date) => regionIndexQuery(table, caseIndexes.stayClocks, region, 'stayClockDue <= :at', now),

  /**
   * The job SweepStayClocks acted on the clock it read (`seenDue`): the next step (the end of
   * the stay), or none (off the index). Only a case still admitted with that clock, so two
   * runs never text twice.
   */
  advanceStayClock: (table: string, caseId: string, seenDue: string, entry: TimelineEntry, next?: Pick<StayClock, 'stayClockDue' | 'stayClockStep'>) =>
    update(table, caseId, { timeline: entry, updatedAt: entry.at, ...next }, '#st = :confirmed AND stayClockDue = :seenDue', {
      names: { '#st': 'status' },
      values: { ':confirmed': 'admission_confirmed', ':seenDue': seenDue },
      ...(next ? {} : { remove: ['stayClockDue', 'stayClockStep'] }),
    }),

  /** The region's case ids created since `since` (keys-only index). */
  listSince: (table: string, region: string, since: Date) => regionIndexQuery(table, caseIndexes.byRegion, region, 'createdAt >= :at', since),

  /** The region's cases waiting on a workflow execution (sparse, keys-only index). */
  awaitingWorkflow: (table: string, region: string) => ({
    TableName: table,
    IndexName: caseIndexes.awaitingWorkflow,
    KeyConditionExpression: '#region = :region',
    ExpressionAttributeNames: { '#region': 'region' },
    ExpressionAttributeValues: { ':region': region },
  }),

  /** A person's case ids, by the pseudonymous patient key (sparse, keys-only index). */
  byPatient: (table: string, patientKey: string) => ({
    TableName: table,
    IndexName: caseIndexes.byPatient,
    KeyConditionExpression: 'patientKey = :patientKey',
    ExpressionAttributeValues: { ':patientKey': patientKey },
  }),

  /** The region's cases whose hold expired before `before` (sparse, keys-only index). */
  overdueHolds: (table: string, region: string, before: Date) => regionIndexQuery(table, caseIndexes.heldBeds, region, 'holdExpiresAt < :at', before),
};
