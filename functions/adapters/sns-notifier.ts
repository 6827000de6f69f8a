import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, Notifier, Recipient, SentSms, SmsMessage } from '../domain/ports';
import { config } from '../config';
import { smsTemplates } from '../domain/sms';
import { documentClient } from './dynamo';

let sns: SNSClient | undefined;
const snsClient = (): SNSClient => (sns ??= new SNSClient({ region: config().AWS_REGION }));

export interface SmsNotifierOptions {
  /** Who hears about a message that could not be delivered (the coordinator). */
  fallback: () => Promise<Recipient>;
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Sends an SMS through SNS (or only records it when SMS_MODE is `outbox`) and records
 * every message in the notifications table. SNS failures are retried with exponential
 * backoff; a message that still fails becomes a dead-letter record, the coordinator is
 * told, and the caller goes on: a failed text never stops a case.
 */
export class SmsNotifier implements Notifier {
  constructor(
    private readonly clock: Clock,
    private readonly options: SmsNotifierOptions,
  ) {}

  async send(message: SmsMessage): Promise<SentSms> {
    const result = await this.deliver(message);
    if (result.status === 'dead_letter' && !message.recipient.startsWith('coordinator')) {
      const coordinator = await this.options.fallback();
      await this.deliver({
        to: coordinator.phone,
        recipient: coordinator.recipient,
        caseId: message.caseId,
        body: smsTemplates.undeliverable({ caseId: message.caseId, recipient: message.recipient }),
      });
    }
    return result;
  }

  private async deliver(message: SmsMessage): Promise<SentSms & { status: 'sent' | 'recorded' | 'dead_letter' }> {
    const { SMS_MODE } = config();
    const attempts = this.options.attempts ?? 4;
    let error: unknown;
    let tries = 0;
    if (SMS_MODE === 'sns') {
      for (; tries < attempts; tries++) {
        try {
          await snsClient().send(
            new PublishCommand({
              PhoneNumber: message.to,
              Message: message.body,
              MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
            }),
          );
          error = undefined;
          break;
        } catch (e) {
          error = e;
          if (tries < attempts - 1) await sleep((this.options.baseDelayMs ?? 200) * 2 ** tries);
        }
      }
    }
    const sentAt = this.clock.now().toISOString();
    const status = SMS_MODE === 'outbox' ? 'recorded' : error ? 'dead_letter' : 'sent';
    const sent = { ...message, sentAt, messageId: `${sentAt}#${randomUUID()}`, status } as const;
    await documentClient().send(
      new PutCommand({
        TableName: config().tableName('notifications'),
        Item: {
          ...sent,
          // Answer tokens exist only in the SMS itself (and hashed in the consultations table);
          // locally the outbox is the phone, so there the link stays usable.
          body: SMS_MODE === 'sns' ? sent.body.replace(/\/c\/[\w-]+/g, '/c/…') : sent.body,
          channel: SMS_MODE,
          ...(SMS_MODE === 'sns' ? { attempts: Math.min(tries + 1, attempts) } : {}),
          ...(error ? { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } : {}),
        },
      }),
    );
    if (error) console.error(JSON.stringify({ level: 'error', event: 'sms_dead_letter', caseId: message.caseId, recipient: message.recipient }));
    return sent;
  }
}
