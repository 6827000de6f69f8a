import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, SmsMessage } from '../domain/ports';
import { notificationCommands, notificationTable, type NotificationRecord } from '../entities/notification';
import { config } from '../config';
import { documentClient } from './dynamo';

/** Records a text as sent, recorded or undeliverable, in the notifications table; both notifiers keep this log. */
export async function logNotification(clock: Clock, message: SmsMessage, delivery: Omit<NotificationRecord, keyof SmsMessage | 'sentAt' | 'messageId'>): Promise<NotificationRecord> {
  const sentAt = clock.now().toISOString();
  const record: NotificationRecord = { ...message, sentAt, messageId: `${sentAt}#${randomUUID()}`, ...delivery };
  await documentClient().send(new PutCommand(notificationCommands.record(config().tableName(notificationTable), record)));
  return record;
}
