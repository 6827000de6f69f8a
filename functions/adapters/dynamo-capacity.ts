import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Actor, CaseStatus, Hold, Placement, TimelineEntry } from '../domain/case';
import { CaseClosedError, ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { facilitySchema, type Facility, type WardBeds, type WardUpdate } from '../domain/facility';
import type { Capacity, EndHoldInput, HoldInput, HoldResult } from '../domain/ports';
import { config } from '../config';
import { documentClient, queryAll, scanAll } from './dynamo';
import { retryUntil } from '../lib/deadline';

/** Facility entity keys: a META item and a WARD#<ward> item per ward. */
export const facilityKeys = {
  meta: (facilityId: string) => ({ facilityId, sk: 'META' }),
  ward: (facilityId: string, ward: string) => ({ facilityId, sk: `WARD#${ward}` }),
};

/** Items to store a facility: used by the seed and by tests. */
export function facilityItems(f: Facility): Array<Record<string, unknown>> {
  const { wards, ...meta } = f;
  return [
    { ...facilityKeys.meta(f.facilityId), ...meta },
    ...wards.map((w) => ({ ...facilityKeys.ward(f.facilityId, w.ward), ...w, version: 0 })),
  ];
}

const cancelReasons = (error: unknown): string[] =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None') : [];

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * One transaction. When another one touched the same items at the same moment
 * (TransactionConflict) it is tried again after a short random pause; when a condition
 * fails, the cancellation reasons (one per item) are returned for the caller to judge.
 */
async function transactWrite(items: TransactItems): Promise<{ ok: true } | { ok: false; reasons: string[] }> {
  // A budget in time, not in tries: under a burst (200 referrals for one ward) a slow
  // machine may need many rounds. At most 10 s, and never past the invocation's own end
  // (a placement may try several facilities in one Lambda call).
  const deadline = retryUntil(10_000);
  for (let attempt = 0; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      const reasons = cancelReasons(error);
      if (!reasons.length) throw error;
      if (reasons.includes('TransactionConflict') && Date.now() < deadline) {
        await sleep(5 + Math.random() * Math.min(250, 20 * (attempt + 1)));
        continue;
      }
      if (reasons.includes('ConditionalCheckFailed')) return { ok: false, reasons };
      throw error;
    }
  }
}

/** Groups META and WARD# items into facilities, validated by the one facility schema. */
function toFacilities(items: Array<Record<string, unknown>>): Facility[] {
  const byId = new Map<string, { meta?: Record<string, unknown>; wards: WardBeds[] }>();
  for (const item of items) {
    const id = String(item.facilityId);
    const entry = byId.get(id) ?? { wards: [] };
    if (item.sk === 'META') entry.meta = item;
    else entry.wards.push({ ward: item.ward, total: item.total, free: item.free, held: item.held } as WardBeds);
    byId.set(id, entry);
  }
  return [...byId.values()]
    .filter((e) => e.meta)
    .map((e) => facilitySchema.parse({ ...e.meta, wards: e.wards.sort((a, b) => a.ward.localeCompare(b.ward)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Beds in DynamoDB. Every change to a ward's counts and to the case it concerns is one
 * transaction with conditions, so a bed is never held twice and a case never holds two.
 * Per ward: total = free + held + occupied (occupied implicit).
 */
export class DynamoCapacity implements Capacity {
  private get facilities(): string {
    return config().tableName('facilities');
  }
  private get cases(): string {
    return config().tableName('cases');
  }

  async list(): Promise<Facility[]> {
    return toFacilities(await scanAll({ TableName: this.facilities, ConsistentRead: true }));
  }

  async get(facilityId: string): Promise<Facility | undefined> {
    const { Items = [] } = await documentClient().send(
      new QueryCommand({ TableName: this.facilities, KeyConditionExpression: 'facilityId = :f', ExpressionAttributeValues: { ':f': facilityId }, ConsistentRead: true }),
    );
    return toFacilities(Items)[0];
  }

  async hold(input: HoldInput): Promise<HoldResult> {
    const hold: Hold = { facilityId: input.facilityId, ward: input.ward, expiresAt: input.expiresAt };
    const result = await transactWrite([
      {
        Update: {
          TableName: this.facilities,
          Key: facilityKeys.ward(input.facilityId, input.ward),
          UpdateExpression: 'SET #free = #free - :one, held = held + :one, version = version + :one',
          ConditionExpression: '#free > :zero',
          ExpressionAttributeNames: { '#free': 'free' },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        },
      },
      {
        Update: {
          TableName: this.cases,
          Key: { caseId: input.caseId },
          UpdateExpression:
            'SET #hold = :hold, holdExpiresAt = :expiresAt, placement = :placement, #status = :held, #owner = :owner, timeline = list_append(timeline, :entry), updatedAt = :at, #version = #version + :one',
          ConditionExpression: 'attribute_exists(caseId) AND attribute_not_exists(#hold) AND #status = :triaged',
          ExpressionAttributeNames: { '#hold': 'hold', '#status': 'status', '#owner': 'owner', '#version': 'version' },
          ExpressionAttributeValues: {
            ':hold': hold,
            ':expiresAt': hold.expiresAt,
            ':placement': input.placement,
            ':held': 'bed_held',
            ':triaged': 'triaged',
            ':owner': input.owner,
            ':entry': [input.entry],
            ':at': input.entry.at,
            ':one': 1,
          },
        },
      },
    ]);
    if (result.ok) return 'held';
    return result.reasons[1] === 'ConditionalCheckFailed' ? 'case_busy' : 'no_bed';
  }

  /**
   * Ends a hold. `expired` and `cancelled` return the bed to the pool; `admission_confirmed`
   * turns it into an occupied bed (and requires the hold not to have expired at `now`).
   */
  async endHold(input: EndHoldInput): Promise<void> {
    const toPool = input.outcome !== 'admission_confirmed';
    const caseValues: Record<string, unknown> = {
      ':heldFacility': input.hold.facilityId,
      ':bedHeld': 'bed_held',
      ':status': input.outcome,
      ':entry': [input.entry],
      ':at': input.entry.at,
      ':one': 1,
    };
    let caseCondition = '#hold.facilityId = :heldFacility AND #status = :bedHeld';
    if (!toPool) {
      caseCondition += ' AND #hold.expiresAt > :now';
      caseValues[':now'] = input.now.toISOString();
    }
    const sets = ['#status = :status', 'timeline = list_append(timeline, :entry)', 'updatedAt = :at', '#version = #version + :one'];
    if (input.owner) {
      sets.push('#owner = :owner');
      caseValues[':owner'] = input.owner;
    }
    // Every outcome takes the case off the heldBeds index; a confirmed admission keeps its hold as the record of where.
    const update = `SET ${sets.join(', ')} REMOVE admissionTaskToken, holdExpiresAt${toPool ? ', #hold' : ''}`;
    const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#hold': 'hold' };
    if (input.owner) names['#owner'] = 'owner';
    const result = await transactWrite([
      {
        Update: {
          TableName: this.facilities,
          Key: facilityKeys.ward(input.hold.facilityId, input.hold.ward),
          UpdateExpression: toPool
            ? 'SET held = held - :one, #free = #free + :one, version = version + :one'
            : 'SET held = held - :one, version = version + :one',
          ConditionExpression: 'held > :zero',
          ExpressionAttributeNames: toPool ? { '#free': 'free' } : undefined,
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        },
      },
      {
        Update: {
          TableName: this.cases,
          Key: { caseId: input.caseId },
          UpdateExpression: update,
          ConditionExpression: caseCondition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: caseValues,
        },
      },
    ]);
    if (!result.ok) {
      throw new ConflictError(
        toPool ? 'er is geen lopende bedreservering voor deze casus' : 'de bedreservering is verlopen of al afgehandeld',
      );
    }
  }

  /** Cases of the region whose hold expired before `before`, from the sparse heldBeds index. */
  async overdueHolds(region: string, before: Date): Promise<string[]> {
    const items = await queryAll({
      TableName: this.cases,
      IndexName: 'heldBeds',
      KeyConditionExpression: '#region = :region AND holdExpiresAt < :before',
      ExpressionAttributeNames: { '#region': 'region' },
      ExpressionAttributeValues: { ':region': region, ':before': before.toISOString() },
    });
    return items.map((i) => String(i.caseId));
  }

  /** Discharge: the occupied bed becomes free again; the case is closed. */
  async discharge(input: { caseId: string; facilityId: string; ward: string; entry: TimelineEntry }): Promise<void> {
    await this.updateWard(input.facilityId, input.ward, (w) => {
      if (w.total - w.free - w.held < 1) throw new ConflictError('geen bezet bed om vrij te geven op deze afdeling');
      return { free: w.free + 1 };
    }, {
      Update: {
        TableName: this.cases,
        Key: { caseId: input.caseId },
        UpdateExpression: 'SET #status = :discharged, timeline = list_append(timeline, :entry), updatedAt = :at, #version = #version + :one',
        ConditionExpression: '#status = :confirmed',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':discharged': 'discharged', ':confirmed': 'admission_confirmed', ':entry': [input.entry], ':at': input.entry.at, ':one': 1 },
      },
    });
  }

  /** A bed manager sets total and/or free; held beds are the system's and stay. */
  async setWard(facilityId: string, ward: string, update: WardUpdate): Promise<WardBeds> {
    return this.updateWard(facilityId, ward, (w) => {
      const total = update.total ?? w.total;
      const free = update.free ?? w.free;
      if (update.free === undefined && total < w.total) {
        // Fewer beds without saying which: that would silently end occupied beds.
        throw new ValidationError([{ path: 'total', message: `verlaag bij minder bedden ook het aantal vrije bedden (nu ${w.free} vrij)` }]);
      }
      if (free + w.held > total) {
        throw new ValidationError([
          { path: update.free !== undefined ? 'free' : 'total', message: `vrij (${free}) + vastgehouden (${w.held}) is meer dan het totaal (${total})` },
        ]);
      }
      return { total, free };
    });
  }

  /** Optimistic read-modify-write of a ward (version check), optionally with a case update in the same transaction. */
  private async updateWard(
    facilityId: string,
    ward: string,
    change: (w: WardBeds & { version: number }) => Partial<Pick<WardBeds, 'total' | 'free'>>,
    alsoCase?: { Update: Record<string, unknown> },
  ): Promise<WardBeds> {
    for (let attempt = 0; ; attempt++) {
      const meta = await documentClient().send(new GetCommand({ TableName: this.facilities, Key: facilityKeys.meta(facilityId), ConsistentRead: true }));
      if (!meta.Item) throw new NotFoundError(`onbekende instelling ${facilityId}`);
      const { Item } = await documentClient().send(new GetCommand({ TableName: this.facilities, Key: facilityKeys.ward(facilityId, ward), ConsistentRead: true }));
      if (!Item) throw new NotFoundError(`instelling ${facilityId} heeft geen afdeling ${ward}`);
      const current = Item as WardBeds & { version: number };
      const next = { ...current, ...change(current) };
      const wardUpdate = {
        TableName: this.facilities,
        Key: facilityKeys.ward(facilityId, ward),
        UpdateExpression: 'SET #total = :total, #free = :free, version = version + :one',
        ConditionExpression: 'version = :version',
        ExpressionAttributeNames: { '#total': 'total', '#free': 'free' },
        ExpressionAttributeValues: { ':total': next.total, ':free': next.free, ':version': current.version, ':one': 1 },
      };
      try {
        if (alsoCase) {
          await documentClient().send(new TransactWriteCommand({ TransactItems: [{ Update: wardUpdate }, alsoCase as never] }));
        } else {
          await documentClient().send(new UpdateCommand(wardUpdate));
        }
        return { ward: current.ward, total: next.total, free: next.free, held: current.held };
      } catch (error) {
        const reasons = cancelReasons(error);
        const raced = error instanceof ConditionalCheckFailedException || reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict');
        if (reasons[1] === 'ConditionalCheckFailed') throw new ConflictError('casus is niet opgenomen; ontslag kan niet', { cause: error });
        if (raced && attempt < 20) {
          await sleep(5 + Math.random() * 10);
          continue;
        }
        throw error;
      }
    }
  }

  async recordPlacement(caseId: string, placement: Placement, status: CaseStatus | undefined, owner: Actor | undefined, entry: TimelineEntry): Promise<void> {
    const sets = ['placement = :placement', 'timeline = list_append(timeline, :entry)', 'updatedAt = :at', '#version = #version + :one'];
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':placement': placement, ':entry': [entry], ':at': entry.at, ':one': 1 };
    if (status) {
      sets.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = status;
    }
    if (owner) {
      sets.push('#owner = :owner');
      names['#owner'] = 'owner';
      values[':owner'] = owner;
    }
    await documentClient().send(
      new UpdateCommand({
        TableName: this.cases,
        Key: { caseId },
        UpdateExpression: `SET ${sets.join(', ')}`,
        // Only a case that is still waiting for placement: a cancelled one stays cancelled.
        ConditionExpression: 'attribute_exists(caseId) AND #st = :triaged AND attribute_not_exists(#hold)',
        ExpressionAttributeNames: { ...names, '#st': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ...values, ':triaged': 'triaged' },
      }),
    ).catch((error: unknown) => {
      if (error instanceof ConditionalCheckFailedException) throw new CaseClosedError(`casus ${caseId} is niet meer open voor plaatsing`, { cause: error });
      throw error;
    });
  }

  async storeAdmissionToken(caseId: string, token: string): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.cases,
        Key: { caseId },
        UpdateExpression: 'SET admissionTaskToken = :token',
        ConditionExpression: '#status = :held',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': token, ':held': 'bed_held' },
      }),
    ).catch((error: unknown) => {
      if (error instanceof ConditionalCheckFailedException) throw new CaseClosedError(`casus ${caseId} wacht niet meer op opname`, { cause: error });
      throw error;
    });
  }
}
