import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
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
  const items: OutboxMessage[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new ScanCommand({ TableName: config().tableName('notifications'), ExclusiveStartKey }),
    );
    for (const i of page.Items ?? []) {
      items.push({ to: i.to, body: i.body, caseId: i.caseId, sentAt: i.sentAt, recipient: i.recipient });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
