import { config } from '../config';
import { systemClock } from '../domain/ports';
import { currentTree } from '../domain/triage/trees';
import { DynamoAuditLog } from './dynamo-audit-log';
import { DynamoCapacity } from './dynamo-capacity';
import { DynamoConsultationStore } from './dynamo-consultation-store';
import { DynamoCaseStore } from './dynamo-case-store';
import { DynamoRoster } from './dynamo-roster';
import { SfnWorkflowStarter } from './sfn-workflow-starter';
import { SmsNotifier } from './sms-notifier';

/** Wires the ports to their AWS adapters (DynamoDB, SNS, Step Functions), once per process. */
export function deps() {
  const clock = systemClock;
  const cfg = config();
  return {
    clock,
    region: cfg.REGION_NAME,
    tree: currentTree,
    cases: new DynamoCaseStore(),
    audit: new DynamoAuditLog(clock),
    roster: new DynamoRoster(),
    notifier: new SmsNotifier(clock),
    workflow: new SfnWorkflowStarter(),
    capacity: new DynamoCapacity(),
    consultations: new DynamoConsultationStore(),
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    callback: cfg.CALLBACK_PHONE,
  };
}
