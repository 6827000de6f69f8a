import type { Clock, DeliveredSms, DeliveringNotifier, Notifier, SentSms, SmsMessage } from '../domain/ports';
import { logNotification, notificationRecord } from './notification-log';

/** The local stack and demos: nothing is sent, every text is recorded (the phones page shows them). */
export class OutboxNotifier implements Notifier, DeliveringNotifier {
  constructor(private readonly clock: Clock) {}

  async send(message: SmsMessage): Promise<SentSms> {
    const { status: _status, channel: _channel, ...sent } = await logNotification(this.clock, message, { status: 'recorded', channel: 'outbox' });
    return sent;
  }

  /** Locally the record is the delivery: it shows in the outbox once the caller's transaction wrote it. */
  async deliver(message: SmsMessage): Promise<DeliveredSms> {
    return notificationRecord(this.clock, message, { status: 'recorded', channel: 'outbox' });
  }
}
