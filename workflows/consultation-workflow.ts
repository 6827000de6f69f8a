import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { ConsultationTaskName } from '../functions/manifest';
import { consultationLoop, type ConsultationTimeouts } from './consultation-loop';

export type { ConsultationTimeouts } from './consultation-loop';

export const defaultConsultationTimeouts = { U2: 15 * 60, U3: 60 * 60, U4: 4 * 60 * 60 };

/**
 * The SO consultation workflow. Input: `{ caseId, urgency, reason, attempt: 0 }`.
 *
 *   SelectConsultee → HasConsultee? → AwaitSoAnswer<urgency> (callback; TimeoutSeconds by urgency)
 *     answered accept/advise → Answered
 *     decline, or no answer in time (RecordNoAnswer) → NextConsultee (attempt + 1) → SelectConsultee
 *   chain exhausted → NotifyCoordinator → Unanswered
 *   a fault in any step → ConsultationFailed → ConsultationHandedOver (the coordinator takes over)
 */
export function consultationWorkflow(
  scope: Construct,
  functions: Record<ConsultationTaskName, lambda.IFunction>,
  timeouts: ConsultationTimeouts,
): sfn.IChainable {
  const input = {
    caseId: sfn.JsonPath.stringAt('$.caseId'),
    urgency: sfn.JsonPath.stringAt('$.urgency'),
    reason: sfn.JsonPath.stringAt('$.reason'),
    attempt: sfn.JsonPath.numberAt('$.attempt'),
  };
  // A fault anywhere (not a timeout: that is "no answer") hands the case to the coordinator,
  // retried; if even that fails, the execution fails and raises its alarm.
  const failed = new tasks.LambdaInvoke(scope, 'ConsultationFailed', {
    lambdaFunction: functions.ConsultationFailed,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({ ...input, failed: true }),
    resultPath: '$.handOver',
    taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
  })
    .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
    .next(new sfn.Succeed(scope, 'ConsultationHandedOver', { comment: 'Storing: coördinator heeft de regie.' }));

  const coordinator = new tasks.LambdaInvoke(scope, 'NotifyCoordinator', {
    lambdaFunction: functions.NotifyCoordinator,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject(input),
    resultPath: '$.handOver',
    taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
  })
    .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
    .next(new sfn.Succeed(scope, 'Unanswered', { comment: 'Niemand in de dienstketen antwoordde; coördinator heeft de regie.' }));

  // A HAP's or the tree's question: a decline, or "cannot judge now", goes to the next in the chain.
  return consultationLoop(scope, {
    prefix: '',
    at: '$',
    functions,
    timeouts,
    nextOn: ['decline', 'pass_on'],
    onAnswered: new sfn.Succeed(scope, 'Answered'),
    onClosed: new sfn.Succeed(scope, 'ConsultationCaseClosed', { comment: 'Casus gesloten: geen consult meer nodig.' }),
    onExhausted: coordinator,
    onFault: failed,
  });
}
