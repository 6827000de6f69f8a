import { scanAll } from '../functions/adapters/dynamo';
import { config } from '../functions/config';

export interface OutboxMessage {
  to: string;
  body: string;
  caseId: string;
  sentAt: string;
  recipient: string;
}

/** Every SMS the system would have sent, oldest first (the notifications table, read in full). */
export async function readOutbox(): Promise<OutboxMessage[]> {
  const items = await scanAll({ TableName: config().tableName('notifications') });
  return items
    .map((i) => ({ to: String(i.to), body: String(i.body), caseId: String(i.caseId), sentAt: String(i.sentAt), recipient: String(i.recipient) }))
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
