import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, Notifier, SentSms, SmsMessage } from '../domain/ports';
import { config } from '../config';
import { documentClient } from './dynamo';

let sns: SNSClient | undefined;
const snsClient = (): SNSClient => (sns ??= new SNSClient({ region: config().AWS_REGION }));

/**
 * Sends an SMS: records it in the notifications table (which is the local outbox),
 * then publishes through SNS unless SMS_MODE is `outbox`.
 */
export class SmsNotifier implements Notifier {
  constructor(private readonly clock: Clock) {}

  async send(message: SmsMessage): Promise<SentSms> {
    const sentAt = this.clock.now().toISOString();
    const sent: SentSms = { ...message, sentAt, messageId: `${sentAt}#${randomUUID()}` };
    const { SMS_MODE } = config();
    if (SMS_MODE === 'sns') {
      await snsClient().send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
    }
    await documentClient().send(
      new PutCommand({ TableName: config().tableName('notifications'), Item: { ...sent, channel: SMS_MODE } }),
    );
    return sent;
  }
}
