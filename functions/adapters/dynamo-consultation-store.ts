import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsultationAnswer, ConsultationRecord } from '../domain/consultation';
import type { ConsultationStore } from '../domain/ports';
import { consultationCommands, consultationTable } from '../entities/consultation';
import { config } from '../config';
import { documentClient } from './dynamo';
import { failedCondition } from './dynamo-errors';

/** Consultation requests by token hash; the plain token exists only in the SMS. */
export class DynamoConsultationStore implements ConsultationStore {
  private get table(): string {
    return config().tableName(consultationTable);
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
