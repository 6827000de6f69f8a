import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { ConsultationTaskName } from '../functions/manifest';

/** How long each consultee gets to answer, by urgency (U4 also covers U5). */
export interface ConsultationTimeouts {
  U2: Duration;
  U3: Duration;
  U4: Duration;
}

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
  const task = (name: ConsultationTaskName, resultPath: string) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject(input),
      resultPath,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    });

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
  const guard = (t: tasks.LambdaInvoke) => t.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const select = guard(task('SelectConsultee', '$.consultee'));
  const next = new sfn.Pass(scope, 'NextConsultee', {
    parameters: {
      'caseId.$': '$.caseId',
      'urgency.$': '$.urgency',
      'reason.$': '$.reason',
      'attempt.$': 'States.MathAdd($.attempt, 1)',
    },
  }).next(select);
  const noAnswer = guard(task('RecordNoAnswer', '$.noAnswer')).next(next);

  const answered = new sfn.Choice(scope, 'IsDeclined')
    .when(sfn.Condition.stringEquals('$.answer.answer', 'decline'), next)
    .otherwise(new sfn.Succeed(scope, 'Answered'));

  const wait = (name: 'AwaitSoAnswerU2' | 'AwaitSoAnswerU3' | 'AwaitSoAnswerU4', timeout: Duration) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ ...input, taskToken: sfn.JsonPath.taskToken, timeoutSeconds: timeout.toSeconds() }),
      taskTimeout: sfn.Timeout.duration(timeout),
      resultPath: '$.answer',
    })
      .addCatch(noAnswer, { errors: ['States.Timeout'], resultPath: '$.timeout' })
      .addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' })
      .next(answered);

  const byUrgency = new sfn.Choice(scope, 'ConsultationUrgency')
    .when(sfn.Condition.stringEquals('$.urgency', 'U2'), wait('AwaitSoAnswerU2', timeouts.U2))
    .when(sfn.Condition.stringEquals('$.urgency', 'U3'), wait('AwaitSoAnswerU3', timeouts.U3))
    .otherwise(wait('AwaitSoAnswerU4', timeouts.U4));

  const coordinator = task('NotifyCoordinator', '$.handOver')
    .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
    .next(
    new sfn.Succeed(scope, 'Unanswered', { comment: 'Niemand in de dienstketen antwoordde; coördinator heeft de regie.' }),
  );

  return select.next(
    new sfn.Choice(scope, 'HasConsultee')
      .when(sfn.Condition.booleanEquals('$.consultee.closed', true), new sfn.Succeed(scope, 'ConsultationCaseClosed', { comment: 'Casus gesloten: geen consult meer nodig.' }))
      .when(sfn.Condition.booleanEquals('$.consultee.hasConsultee', true), byUrgency)
      .otherwise(coordinator),
  );
}
