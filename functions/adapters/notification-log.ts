import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, SmsMessage } from '../domain/ports';
import { notificationCommands, notificationTable, type NotificationRecord } from '../entities/notification';
import { config } from '../config';
import { documentClient } from './dynamo';

/** Records a text as sent, recorded or undeliverable, in the notifications table; both notifiers keep this log. */
export async function logNotification(clock: Clock, message: SmsMessage, delivery: Omit<NotificationRecord, keyof SmsMessage | 'sentAt' | 'messageId'>): Promise<NotificationRecord> {
  const record = notificationRecord(clock, message, delivery);
  await documentClient().send(new PutCommand(notificationPut(record)));
  return record;
}

/** The record of a text, not yet written (a step writes it in its own transaction: `notificationPut`). */
export function notificationRecord(clock: Clock, message: SmsMessage, delivery: Omit<NotificationRecord, keyof SmsMessage | 'sentAt' | 'messageId'>): NotificationRecord {
  const sentAt = clock.now().toISOString();
  return { ...message, sentAt, messageId: `${sentAt}#${randomUUID()}`, ...delivery };
}

/** The put of a text's record, alone or as one item of a transaction. */
export const notificationPut = (record: NotificationRecord) => notificationCommands.record(config().tableName(notificationTable), record);
