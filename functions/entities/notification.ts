import type { SentSms } from '../domain/ports';

/** The notification entity: every SMS the system sent or would send, per case (locally: the outbox). */
export const notificationTable = 'notifications' as const;

export type Channel = 'sns' | 'outbox';
export type DeliveryStatus = 'sent' | 'recorded' | 'dead_letter';

export interface NotificationRecord extends SentSms {
  status: DeliveryStatus;
  channel: Channel;
  attempts?: number;
  error?: string;
}

/**
 * Answer tokens exist only in the SMS itself (and hashed in the consultations table); the
 * record of a sent text keeps the link without its token. The local outbox is the phone,
 * so there the link stays usable.
 */
export const withoutAnswerTokens = (body: string) => body.replace(/\/c\/[\w-]+/g, '/c/…');

export const notificationCommands = {
  record: (table: string, record: NotificationRecord) => ({
    TableName: table,
    Item: { ...record, body: record.channel === 'sns' ? withoutAnswerTokens(record.body) : record.body },
  }),
};
