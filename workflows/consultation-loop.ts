import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** How long each consultee gets to answer, by urgency (U4 also covers U5). */
export interface ConsultationTimeouts {
  U2: Duration;
  U3: Duration;
  U4: Duration;
}

/** The tasks of one consultation loop, by their role in it; the state names get the loop's prefix. */
export interface ConsultationLoopFunctions {
  SelectConsultee: lambda.IFunction;
  AwaitSoAnswerU2: lambda.IFunction;
  AwaitSoAnswerU3: lambda.IFunction;
  AwaitSoAnswerU4: lambda.IFunction;
  RecordNoAnswer: lambda.IFunction;
}

export interface ConsultationLoopProps {
  /** Prefix of every state name ('' for the consultation workflow, 'Gate' in the referral workflow). */
  prefix: string;
  /** Where the loop's input `{ caseId, urgency, reason, attempt }` and its results live in the state. */
  at: '$' | `$.${string}`;
  functions: ConsultationLoopFunctions;
  timeouts: ConsultationTimeouts;
  /** The answers that go to the next consultee (the others end the loop as `onAnswered`). */
  nextOn: readonly string[];
  onAnswered: sfn.IChainable;
  onClosed: sfn.IChainable;
  /** Nobody left in the chain. */
  onExhausted: sfn.IChainable;
  /** A fault in a step (not a timeout: that is "no answer"). */
  onFault: sfn.IChainable;
}

/**
 * Ask the on-call SO, then the backups, one at a time: SelectConsultee → HasConsultee? →
 * AwaitSoAnswer<urgency> (callback, TimeoutSeconds by urgency) → the answer; no answer in
 * time (RecordNoAnswer) or an answer in `nextOn` → NextConsultee (attempt + 1). The
 * consultation workflow and the referral workflow's SO gate for the herstelkliniek are both
 * this loop, with their own names and ends.
 */
export function consultationLoop(scope: Construct, props: ConsultationLoopProps): sfn.IChainable {
  const { prefix, at, functions, timeouts } = props;
  const base = at === '$' ? '$' : at;
  const path = (key: string) => (base === '$' ? `$.${key}` : `${base}.${key}`);
  const input = {
    caseId: sfn.JsonPath.stringAt(path('caseId')),
    urgency: sfn.JsonPath.stringAt(path('urgency')),
    reason: sfn.JsonPath.stringAt(path('reason')),
    attempt: sfn.JsonPath.numberAt(path('attempt')),
  };
  const task = (name: keyof ConsultationLoopFunctions, resultKey: string) =>
    new tasks.LambdaInvoke(scope, `${prefix}${name}`, {
      lambdaFunction: functions[name],
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject(input),
      resultPath: path(resultKey),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    }).addCatch(props.onFault, { errors: ['States.ALL'], resultPath: '$.error' });

  const select = task('SelectConsultee', 'consultee');
  const next = new sfn.Pass(scope, `${prefix}NextConsultee`, {
    parameters: {
      'caseId.$': path('caseId'),
      'urgency.$': path('urgency'),
      'reason.$': path('reason'),
      'attempt.$': `States.MathAdd(${path('attempt')}, 1)`,
    },
    ...(base === '$' ? {} : { resultPath: base }),
  }).next(select);
  const noAnswer = task('RecordNoAnswer', 'noAnswer').next(next);

  const answered = new sfn.Choice(scope, `${prefix}IsPassedOn`);
  for (const answer of props.nextOn) answered.when(sfn.Condition.stringEquals(path('answer.answer'), answer), next);
  answered.otherwise(props.onAnswered);

  const wait = (name: 'AwaitSoAnswerU2' | 'AwaitSoAnswerU3' | 'AwaitSoAnswerU4', timeout: Duration) =>
    new tasks.LambdaInvoke(scope, `${prefix}${name}`, {
      lambdaFunction: functions[name],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ ...input, taskToken: sfn.JsonPath.taskToken, timeoutSeconds: timeout.toSeconds() }),
      taskTimeout: sfn.Timeout.duration(timeout),
      resultPath: path('answer'),
    })
      .addCatch(noAnswer, { errors: ['States.Timeout'], resultPath: path('timeout') })
      .addCatch(props.onFault, { errors: ['States.ALL'], resultPath: '$.error' })
      .next(answered);

  const byUrgency = new sfn.Choice(scope, `${prefix}ConsultationUrgency`)
    .when(sfn.Condition.stringEquals(path('urgency'), 'U2'), wait('AwaitSoAnswerU2', timeouts.U2))
    .when(sfn.Condition.stringEquals(path('urgency'), 'U3'), wait('AwaitSoAnswerU3', timeouts.U3))
    .otherwise(wait('AwaitSoAnswerU4', timeouts.U4));

  return select.next(
    new sfn.Choice(scope, `${prefix}HasConsultee`)
      .when(sfn.Condition.booleanEquals(path('consultee.closed'), true), props.onClosed)
      .when(sfn.Condition.booleanEquals(path('consultee.hasConsultee'), true), byUrgency)
      .otherwise(props.onExhausted),
  );
}
