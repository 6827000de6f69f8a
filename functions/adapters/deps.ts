import { config } from '../config';
import { randomIds } from '../domain/ids';
import { systemClock, type Clock, type Ids } from '../domain/ports';
import { currentTree } from '../domain/triage/trees';
import { DynamoAuditLog } from './dynamo-audit-log';
import { DynamoAuditReader } from './dynamo-audit-reader';
import { DynamoCapacity } from './dynamo-capacity';
import { DynamoConsultationStore } from './dynamo-consultation-store';
import { DynamoDecisionCorrections } from './dynamo-decision-corrections';
import { DynamoCaseStore } from './dynamo-case-store';
import { DynamoRoster } from './dynamo-roster';
import { OutboxNotifier } from './outbox-notifier';
import { patientKeyOf } from './patient-key';
import { SfnWorkflows } from './sfn-workflows';
import { SnsNotifier } from './sns-notifier';

let clock: Clock = systemClock;

/** The local runtime and scenario tests may set the clock (e.g. "it is 03:00"); Lambda never does. */
export function useClock(next: Clock): void {
  clock = next;
}

/** Wires the ports to their adapters: DynamoDB, Step Functions, and SNS in AWS or the outbox locally. */
export function deps() {
  const cfg = config();
  const roster = new DynamoRoster();
  const ids: Ids = randomIds;
  return {
    clock,
    ids,
    region: cfg.REGION_NAME,
    tree: currentTree,
    cases: new DynamoCaseStore(clock),
    audit: new DynamoAuditLog(clock),
    auditReader: new DynamoAuditReader(),
    roster,
    rosters: roster,
    notifier: cfg.SMS_MODE === 'sns' ? new SnsNotifier(clock, { fallback: () => roster.coordinator(clock.now()) }) : new OutboxNotifier(clock),
    workflows: new SfnWorkflows(),
    capacity: new DynamoCapacity(clock),
    corrections: new DynamoDecisionCorrections(clock),
    consultations: new DynamoConsultationStore(clock),
    patientKeys: { keyOf: patientKeyOf },
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    callback: cfg.CALLBACK_PHONE,
    /** The length of a stay clock's day (STAY_DAY_SECONDS). */
    stayDaySeconds: cfg.STAY_DAY_SECONDS,
  };
}
