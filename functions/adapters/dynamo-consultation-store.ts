import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsultationAnswer, ConsultationRecord, ConsultationStore } from '../domain/consultation';
import { config } from '../config';
import { documentClient } from './dynamo';

/** Consultation requests by token hash; the plain token exists only in the SMS. */
export class DynamoConsultationStore implements ConsultationStore {
  private get table(): string {
    return config().tableName('consultations');
  }

  async put(record: ConsultationRecord & { ttl: number }): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(tokenHash)' }));
  }

  async get(tokenHash: string): Promise<ConsultationRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.table, Key: { tokenHash }, ConsistentRead: true }));
    return Item as ConsultationRecord | undefined;
  }

  async answer(tokenHash: string, answer: ConsultationAnswer, advice: string | undefined, now: Date): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { tokenHash },
          UpdateExpression: `SET answeredAt = :now, #answer = :answer${advice ? ', advice = :advice' : ''}`,
          ExpressionAttributeNames: { '#answer': 'answer' },
          ConditionExpression: 'attribute_exists(tokenHash) AND attribute_not_exists(answeredAt) AND expiresAt > :now',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':answer': answer, ...(advice ? { ':advice': advice } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
