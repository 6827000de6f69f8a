import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsultationAnswer, ConsultationRecord } from '../domain/consultation';
import { CaseClosedError, CaseNotFoundError } from '../domain/errors';
import { systemClock, type Clock, type ConsultationStore, type TextedQuestion } from '../domain/ports';
import { caseCommands, caseTable } from '../entities/case';
import { consultationCommands, consultationTable } from '../entities/consultation';
import { config } from '../config';
import { auditPut } from './dynamo-audit-log';
import { documentClient } from './dynamo';
import { failedCondition, transactWrite } from './dynamo-errors';
import { notificationPut } from './notification-log';

/** Consultation requests by token hash; the plain token exists only in the SMS. */
export class DynamoConsultationStore implements ConsultationStore {
  constructor(private readonly clock: Clock = systemClock) {}

  private get table(): string {
    return config().tableName(consultationTable);
  }

  /**
   * A texted question in one TransactWriteItems: the case's step (conditional on its
   * status), the link by its token's hash, the access-log entry and the text's record.
   */
  async putTexted(q: TextedQuestion): Promise<void> {
    // The text went out already: whatever becomes of the transaction, its record (a dead
    // letter included) is never lost, so it is written on its own when the transaction is not.
    const recordAlone = () => documentClient().send(new PutCommand(notificationPut(q.sms)));
    const outcome = await transactWrite({
      case: { Update: caseCommands.appendTimeline(config().tableName(caseTable), q.caseId, q.entry, q.change) },
      link: { Put: consultationCommands.put(this.table, q.link) },
      audit: { Put: await auditPut(this.clock, q.audit) },
      sms: { Put: notificationPut(q.sms) },
    }).catch(async (error: unknown) => {
      await recordAlone();
      throw error;
    });
    if (outcome.ok) return;
    await recordAlone();
    const c = outcome.items.case;
    if (c.code !== 'ConditionalCheckFailed') throw new Error(`texted question for ${q.caseId} not stored: ${JSON.stringify(Object.values(outcome.items).map((i) => i.code))}`);
    if (!c.item) throw new CaseNotFoundError(q.caseId);
    throw new CaseClosedError(`casus ${q.caseId} is intussen ${String(c.item.status)}; geen vraag meer aan het team`);
  }

  async put(record: ConsultationRecord & { ttl: number }): Promise<void> {
    await documentClient().send(new PutCommand(consultationCommands.put(this.table, record)));
  }

  async get(tokenHash: string): Promise<ConsultationRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand(consultationCommands.get(this.table, tokenHash)));
    return Item as ConsultationRecord | undefined;
  }

  async answer(tokenHash: string, answer: ConsultationAnswer, advice: string | undefined, now: Date): Promise<boolean> {
    try {
      await documentClient().send(new UpdateCommand(consultationCommands.answer(this.table, tokenHash, answer, advice, now)));
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }
}
