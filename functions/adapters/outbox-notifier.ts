import type { Clock, Notifier, SentSms, SmsMessage } from '../domain/ports';
import { logNotification } from './notification-log';

/** The local stack and demos: nothing is sent, every text is recorded (the phones page shows them). */
export class OutboxNotifier implements Notifier {
  constructor(private readonly clock: Clock) {}

  async send(message: SmsMessage): Promise<SentSms> {
    const { status: _status, channel: _channel, ...sent } = await logNotification(this.clock, message, { status: 'recorded', channel: 'outbox' });
    return sent;
  }
}
