import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Clock, DeliveredSms, DeliveringNotifier, Notifier, Recipient, SentSms, SmsMessage } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { config } from '../config';
import { logNotification, notificationRecord } from './notification-log';

type Sns = { client: SNSClient; PublishCommand: typeof PublishCommand };
let sns: Promise<Sns> | undefined;
/** Loaded at the first text, not at import: most invocations text nobody, and the SNS client costs ~50 ms to import. */
const snsClient = (): Promise<Sns> =>
  (sns ??= import('@aws-sdk/client-sns').then((m) => ({ client: new m.SNSClient({ region: config().AWS_REGION }), PublishCommand: m.PublishCommand })));

export interface SnsNotifierOptions {
  /** Who hears about a message that could not be delivered (the coordinator). */
  fallback: () => Promise<Recipient>;
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Sends an SMS through SNS and records every message in the notifications table. SNS
 * failures are retried with exponential backoff; a message that still fails becomes a
 * dead-letter record, the coordinator is told, and the caller goes on: a failed text never
 * stops a case.
 */
export class SnsNotifier implements Notifier, DeliveringNotifier {
  constructor(
    private readonly clock: Clock,
    private readonly options: SnsNotifierOptions,
  ) {}

  async send(message: SmsMessage): Promise<SentSms> {
    const { status, channel: _channel, attempts: _attempts, error: _error, ...sent } = await this.publish(message);
    if (status === 'dead_letter') await this.tellCoordinator(message);
    return sent;
  }

  /** As `send`, but the record of `message` is left to the caller (written in its own transaction). */
  async deliver(message: SmsMessage): Promise<DeliveredSms> {
    const record = await this.publish(message, false);
    if (record.status === 'dead_letter') await this.tellCoordinator(message);
    return record;
  }

  private async tellCoordinator(message: SmsMessage) {
    if (message.recipient.startsWith('coordinator')) return;
    const coordinator = await this.options.fallback();
    await this.publish({
      to: coordinator.phone,
      recipient: coordinator.recipient,
      caseId: message.caseId,
      body: smsTemplates.undeliverable({ caseId: message.caseId, recipient: message.recipient }),
    });
  }

  private async publish(message: SmsMessage, log = true) {
    const attempts = this.options.attempts ?? 4;
    let error: unknown;
    let tries = 0;
    for (; tries < attempts; tries++) {
      try {
        const { client, PublishCommand } = await snsClient();
        await client.send(
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
    const delivery = {
      status: error ? 'dead_letter' : 'sent',
      channel: 'sns',
      attempts: Math.min(tries + 1, attempts),
      ...(error ? { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } : {}),
    } as const;
    const record = log ? await logNotification(this.clock, message, delivery) : notificationRecord(this.clock, message, delivery);
    if (error) console.error(JSON.stringify({ level: 'error', event: 'sms_dead_letter', caseId: message.caseId, recipient: message.recipient }));
    return record;
  }
}
