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
  /** Absent for a team's loop: its wait step finds the contact itself, and throws ChainExhausted when none is left. */
  SelectConsultee?: lambda.IFunction;
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
  /** More string fields of the input carried to every step and attempt (a team's `district`). */
  carry?: readonly string[];
  /** State names of the wait (`<name>U2` …) and of the no-answer step; default AwaitSoAnswer, RecordNoAnswer. */
  names?: { await: string; noAnswer: string };
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
 * this loop, with their own names and ends; so is a team's confirmation of a home decision
 * (home-confirmation.ts), without SelectConsultee: its wait step picks the contact, and
 * ChainExhausted (nobody left) or CaseClosedError from it end the loop.
 */
export function consultationLoop(scope: Construct, props: ConsultationLoopProps): sfn.IChainable {
  const { prefix, at, functions, timeouts } = props;
  const base = at === '$' ? '$' : at;
  const path = (key: string) => (base === '$' ? `$.${key}` : `${base}.${key}`);
  const carry = props.carry ?? [];
  const names = props.names ?? { await: 'AwaitSoAnswer', noAnswer: 'RecordNoAnswer' };
  const input = {
    caseId: sfn.JsonPath.stringAt(path('caseId')),
    urgency: sfn.JsonPath.stringAt(path('urgency')),
    reason: sfn.JsonPath.stringAt(path('reason')),
    attempt: sfn.JsonPath.numberAt(path('attempt')),
    ...Object.fromEntries(carry.map((key) => [key, sfn.JsonPath.stringAt(path(key))])),
  };
  const task = (name: 'SelectConsultee' | 'RecordNoAnswer', resultKey: string, fn: lambda.IFunction) =>
    new tasks.LambdaInvoke(scope, `${prefix}${name === 'RecordNoAnswer' ? names.noAnswer : name}`, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject(input),
      resultPath: path(resultKey),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    }).addCatch(props.onFault, { errors: ['States.ALL'], resultPath: '$.error' });

  const select = functions.SelectConsultee && task('SelectConsultee', 'consultee', functions.SelectConsultee);
  const next = new sfn.Pass(scope, `${prefix}NextConsultee`, {
    parameters: {
      'caseId.$': path('caseId'),
      'urgency.$': path('urgency'),
      'reason.$': path('reason'),
      'attempt.$': `States.MathAdd(${path('attempt')}, 1)`,
      ...Object.fromEntries(carry.map((key) => [`${key}.$`, path(key)])),
    },
    ...(base === '$' ? {} : { resultPath: base }),
  });
  const noAnswer = task('RecordNoAnswer', 'noAnswer', functions.RecordNoAnswer).next(next);

  const answered = new sfn.Choice(scope, `${prefix}IsPassedOn`);
  for (const answer of props.nextOn) answered.when(sfn.Condition.stringEquals(path('answer.answer'), answer), next);
  answered.otherwise(props.onAnswered);

  const wait = (role: 'AwaitSoAnswerU2' | 'AwaitSoAnswerU3' | 'AwaitSoAnswerU4', timeout: Duration) => {
    const waiting = new tasks.LambdaInvoke(scope, `${prefix}${names.await}${role.slice(-2)}`, {
      lambdaFunction: functions[role],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ ...input, taskToken: sfn.JsonPath.taskToken, timeoutSeconds: timeout.toSeconds() }),
      taskTimeout: sfn.Timeout.duration(timeout),
      resultPath: path('answer'),
    }).addCatch(noAnswer, { errors: ['States.Timeout'], resultPath: path('timeout') });
    // Without SelectConsultee the wait step says when the chain is done, or the case closed.
    if (!select) {
      waiting
        .addCatch(props.onExhausted, { errors: ['ChainExhausted'], resultPath: path('exhausted') })
        .addCatch(props.onClosed, { errors: ['CaseClosedError'], resultPath: '$.error' });
    }
    return waiting.addCatch(props.onFault, { errors: ['States.ALL'], resultPath: '$.error' }).next(answered);
  };

  const byUrgency = new sfn.Choice(scope, `${prefix}ConsultationUrgency`)
    .when(sfn.Condition.stringEquals(path('urgency'), 'U2'), wait('AwaitSoAnswerU2', timeouts.U2))
    .when(sfn.Condition.stringEquals(path('urgency'), 'U3'), wait('AwaitSoAnswerU3', timeouts.U3))
    .otherwise(wait('AwaitSoAnswerU4', timeouts.U4));

  if (!select) {
    next.next(byUrgency);
    return byUrgency;
  }
  next.next(select);
  return select.next(
    new sfn.Choice(scope, `${prefix}HasConsultee`)
      .when(sfn.Condition.booleanEquals(path('consultee.closed'), true), props.onClosed)
      .when(sfn.Condition.booleanEquals(path('consultee.hasConsultee'), true), byUrgency)
      .otherwise(props.onExhausted),
  );
}
