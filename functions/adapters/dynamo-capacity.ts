import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CaseClosedError, ConflictError, FacilityNotFoundError, HoldExpiredError, ValidationError } from '../domain/errors';
import type { Facility, FacilityKind, WardBeds, WardUpdate } from '../domain/facility';
import type { AuditEntry } from '../domain/audit';
import { systemClock, type Capacity, type Clock, type DischargeInput, type EndHoldInput, type HoldInput, type HoldResult } from '../domain/ports';
import { auditPut } from './dynamo-audit-log';
import { caseCommands, caseTable, parseCaseItem } from '../entities/case';
import { facilityCommands, facilityTable, toFacilities, type WardItem } from '../entities/facility';
import { config } from '../config';
import { documentClient, queryAll, scanAll } from './dynamo';
import { failedCondition, transactWrite, type TransactionOutcome, type TransactItem } from './dynamo-errors';

const failed = (outcome: TransactionOutcome<string>, name: string) => !outcome.ok && outcome.items[name]?.code === 'ConditionalCheckFailed';

/**
 * Beds in DynamoDB. Every change to a ward's counts and to the case it concerns is one
 * transaction with conditions, so a bed is never held twice and a case never holds two.
 * The commands themselves are the entities' pure builders.
 */
export class DynamoCapacity implements Capacity {
  constructor(private readonly clock: Clock = systemClock) {}

  private get facilities(): string {
    return config().tableName(facilityTable);
  }
  private get cases(): string {
    return config().tableName(caseTable);
  }

  /** The access-log entry as one more item of the transaction that makes the change it records. */
  private async auditItem(entry: AuditEntry | undefined): Promise<{ audit?: TransactItem }> {
    return entry ? { audit: { Put: await auditPut(this.clock, entry) } } : {};
  }

  async list(): Promise<Facility[]> {
    return toFacilities(await scanAll({ TableName: this.facilities, ConsistentRead: true }));
  }

  async ofKinds(kinds: readonly FacilityKind[]): Promise<Facility[]> {
    const pages = await Promise.all([...new Set(kinds)].map((kind) => queryAll(facilityCommands.ofKind(this.facilities, kind))));
    return toFacilities(pages.flat());
  }

  async get(facilityId: string): Promise<Facility | undefined> {
    const { Items = [] } = await documentClient().send(new QueryCommand(facilityCommands.query(this.facilities, facilityId)));
    return toFacilities(Items)[0];
  }

  async hold(input: HoldInput): Promise<HoldResult> {
    const outcome = await transactWrite({
      ward: { Update: facilityCommands.holdBed(this.facilities, input.facilityId, input.ward) },
      case: { Update: caseCommands.holdBed(this.cases, input) },
      ...(await this.auditItem(input.audit)),
    });
    if (outcome.ok) return { result: 'held' };
    // The case first: a case no longer waiting for a bed is no reason to try the next ward.
    if (failed(outcome, 'case')) {
      const item = outcome.items.case.item;
      return { result: 'case_busy', ...(item ? { current: parseCaseItem(item) } : {}) };
    }
    return { result: 'no_bed' };
  }

  /**
   * Ends a hold. `expired`, `cancelled` and a hand-over return the bed to the pool;
   * `admission_confirmed` turns it into an occupied bed (and requires the hold not to have
   * expired at `now`).
   */
  async endHold(input: EndHoldInput): Promise<void> {
    const toPool = input.outcome !== 'admission_confirmed';
    const outcome = await transactWrite({
      ward: { Update: facilityCommands.endHold(this.facilities, input.hold.facilityId, input.hold.ward, toPool) },
      case: { Update: caseCommands.endHold(this.cases, input) },
      ...(await this.auditItem(input.audit)),
    });
    if (outcome.ok) return;
    const current = outcome.items.case.item;
    if (!toPool && current?.status === 'bed_held' && String((current.hold as { expiresAt?: string } | undefined)?.expiresAt) <= input.now.toISOString()) {
      throw new HoldExpiredError('de bedreservering is verlopen');
    }
    if (failed(outcome, 'case')) {
      throw new CaseClosedError(toPool ? 'er is geen lopende bedreservering voor deze casus' : 'de bedreservering is verlopen of al afgehandeld');
    }
    // The ward held no bed although the case said so: the counts are off; nothing was changed.
    throw new ConflictError('de afdeling heeft geen vastgehouden bed voor deze casus');
  }

  /** Discharge: the occupied bed becomes free again; the case is closed. */
  async discharge(input: DischargeInput): Promise<void> {
    await this.updateWard(input.facilityId, input.ward, (w) => {
      if (w.total - w.free - w.held < 1) throw new ConflictError('geen bezet bed om vrij te geven op deze afdeling');
      return { free: w.free + 1 };
    }, { Update: caseCommands.discharge(this.cases, input.caseId, input.entry, input.record) }, (await this.auditItem(input.audit)).audit);
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
    change: (w: WardItem) => Partial<Pick<WardBeds, 'total' | 'free'>>,
    alsoCase?: TransactItem,
    alsoAudit?: TransactItem,
  ): Promise<WardBeds> {
    for (let attempt = 0; ; attempt++) {
      const meta = await documentClient().send(new GetCommand(facilityCommands.getMeta(this.facilities, facilityId)));
      if (!meta.Item) throw new FacilityNotFoundError(`onbekende instelling ${facilityId}`);
      const { Item } = await documentClient().send(new GetCommand(facilityCommands.getWard(this.facilities, facilityId, ward)));
      if (!Item) throw new FacilityNotFoundError(`instelling ${facilityId} heeft geen afdeling ${ward}`);
      const current = Item as WardItem;
      const next = { ...current, ...change(current) };
      const wardUpdate = facilityCommands.setWard(this.facilities, facilityId, current, next);
      let raced: boolean;
      if (alsoCase) {
        const outcome = await transactWrite({ ward: { Update: wardUpdate }, case: alsoCase, ...(alsoAudit ? { audit: alsoAudit } : {}) });
        if (outcome.ok) return { ward: current.ward, total: next.total, free: next.free, held: current.held };
        if (failed(outcome, 'case')) throw new ConflictError('casus is niet opgenomen; ontslag kan niet');
        raced = failed(outcome, 'ward');
      } else {
        try {
          await documentClient().send(new UpdateCommand(wardUpdate));
          return { ward: current.ward, total: next.total, free: next.free, held: current.held };
        } catch (error) {
          if (!failedCondition(error)) throw error;
          raced = true;
        }
      }
      // Someone changed the ward between our read and our write: read again.
      if (!raced || attempt >= 20) throw new ConflictError('de afdeling bleef veranderen; probeer het opnieuw');
      await sleep(5 + Math.random() * 10);
    }
  }
}
