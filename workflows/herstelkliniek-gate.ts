import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WorkflowTaskName } from '../functions/manifest';
import { consultationLoop, type ConsultationTimeouts } from './consultation-loop';

export interface GateEnds {
  /** After the SO agreed (and the admission clock started). */
  awaitAdmission: sfn.IChainable;
  closed: sfn.IChainable;
  handOver: sfn.IChainable;
  /** SoDeclined, already guarded. */
  task: tasks.LambdaInvoke;
}

/**
 * The SO as the gate of a herstelkliniek placement (the SO leads care there). The bed is
 * held, without an admission clock, while the chain is asked, however long that takes:
 *
 *   StartSoGate → the consultation loop (GateSelectConsultee, GateAwaitSoAnswer<urgency>, …)
 *     accept / advise → StartAdmissionClock → AwaitAdmission
 *     decline (with a reason) → SoDeclined: the bed is released at once, the coordinator takes over
 *     pass on, or no answer → the next in the chain
 *     nobody left → GateNotifyCoordinator (the coordinator decides, bed still held) → StartAdmissionClock → AwaitAdmission
 *   a fault → HandOverToCoordinator (the held bed goes back)
 */
export function herstelkliniekGate(
  scope: Construct,
  functions: Record<WorkflowTaskName, lambda.IFunction>,
  settings: { consultationTimeouts: ConsultationTimeouts },
  ends: GateEnds,
): sfn.IChainable {
  const step = (name: WorkflowTaskName, payload: Record<string, unknown>, resultPath: string) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject(payload),
      resultPath,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    });

  const startClock = step(
    'StartAdmissionClock',
    {
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      holdTimeoutSeconds: sfn.JsonPath.numberAt('$.placement.holdSeconds'),
      answer: sfn.JsonPath.stringAt('$.gate.answer.answer'),
      placement: sfn.JsonPath.objectAt('$.placement'),
    },
    // The placement again, its expiry now the admission clock's: what AwaitAdmission reads.
    '$.placement',
  )
    .addCatch(ends.closed, { errors: ['CaseClosedError'], resultPath: '$.error' })
    .addCatch(ends.handOver, { errors: ['States.ALL'], resultPath: '$.error' })
    .next(ends.awaitAdmission);

  const declined = ends.task.next(new sfn.Succeed(scope, 'NotSuitable', { comment: 'De SO vindt de herstelkliniek niet passend; bed vrijgegeven, coördinator heeft de regie.' }));
  const answered = new sfn.Choice(scope, 'IsSoDecline').when(sfn.Condition.stringEquals('$.gate.answer.answer', 'decline'), declined).otherwise(startClock);

  // Nobody answered: the coordinator decides, with the bed still held (and now an admission clock).
  const unanswered = new sfn.Pass(scope, 'SoGateUnanswered', { result: sfn.Result.fromObject({ answer: 'none' }), resultPath: '$.gate.answer' }).next(
    step(
      'GateNotifyCoordinator',
      {
        caseId: sfn.JsonPath.stringAt('$.gate.caseId'),
        urgency: sfn.JsonPath.stringAt('$.gate.urgency'),
        reason: sfn.JsonPath.stringAt('$.gate.reason'),
        attempt: sfn.JsonPath.numberAt('$.gate.attempt'),
      },
      '$.gate.handOver',
    )
      .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
      .addCatch(ends.handOver, { errors: ['States.ALL'], resultPath: '$.error' })
      .next(startClock),
  );

  const loop = consultationLoop(scope, {
    prefix: 'Gate',
    at: '$.gate',
    functions: {
      SelectConsultee: functions.GateSelectConsultee,
      AwaitSoAnswerU2: functions.GateAwaitSoAnswerU2,
      AwaitSoAnswerU3: functions.GateAwaitSoAnswerU3,
      AwaitSoAnswerU4: functions.GateAwaitSoAnswerU4,
      RecordNoAnswer: functions.GateRecordNoAnswer,
    },
    timeouts: settings.consultationTimeouts,
    // Here a decline ends the question (the bed is released); only "cannot judge now" goes on.
    nextOn: ['pass_on'],
    onAnswered: answered,
    onClosed: ends.closed,
    onExhausted: unanswered,
    onFault: ends.handOver,
  });

  return new sfn.Pass(scope, 'StartSoGate', {
    parameters: {
      'caseId.$': '$.caseId',
      'urgency.$': '$.placement.urgency',
      reason: 'herstelkliniek_gate',
      attempt: 0,
    },
    resultPath: '$.gate',
  }).next(loop);
}
