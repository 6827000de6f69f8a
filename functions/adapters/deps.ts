import { config } from '../config';
import { systemClock, type Clock } from '../domain/ports';
import { currentTree } from '../domain/triage/trees';
import { DynamoAuditLog } from './dynamo-audit-log';
import { DynamoCapacity } from './dynamo-capacity';
import { DynamoConsultationStore } from './dynamo-consultation-store';
import { DynamoCaseStore } from './dynamo-case-store';
import { DynamoRoster } from './dynamo-roster';
import { SfnWorkflowStarter } from './sfn-workflow-starter';
import { SmsNotifier } from './sms-notifier';

let clock: Clock = systemClock;

/** The local runtime and scenario tests may set the clock (e.g. "it is 03:00"); Lambda never does. */
export function useClock(next: Clock): void {
  clock = next;
}

/** Wires the ports to their AWS adapters (DynamoDB, SNS, Step Functions). */
export function deps() {
  const cfg = config();
  const roster = new DynamoRoster();
  return {
    clock,
    region: cfg.REGION_NAME,
    tree: currentTree,
    cases: new DynamoCaseStore(),
    audit: new DynamoAuditLog(clock),
    roster,
    notifier: new SmsNotifier(clock, { fallback: () => roster.coordinator(clock.now()) }),
    workflow: new SfnWorkflowStarter(),
    capacity: new DynamoCapacity(),
    consultations: new DynamoConsultationStore(),
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    callback: cfg.CALLBACK_PHONE,
  };
}
