import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WorkflowTaskName } from '../functions/manifest';
import type { TriageTree } from '../functions/domain/triage/tree-schema';
import { herstelkliniekGate } from './herstelkliniek-gate';
import type { ConsultationTimeouts } from './consultation-loop';
import { triageRouting } from './triage-routing';

/**
 * The referral workflow as a CDK chain. Input: `{ caseId, treeVersion, referral }`.
 *
 *   Choice states of the tree → RecordDecision → IsCall112 (stop) → [RequestSoConsultation] → PlaceCase →
 *     herstelkliniek bed held (tree v2 on): the SO gate (herstelkliniek-gate.ts), then AwaitAdmission
 *     other bed held: AwaitAdmission (callback; after the hold timeout → ReleaseHold)
 *     otherwise: NotifyDestination (home team, SEH, or the coordinator)
 *
 * State names are stable PascalCase: they key the local task handlers and show in the console.
 */
export interface ReferralWorkflowSettings {
  /** How long a held bed waits for the facility to confirm admission. */
  holdTimeout: Duration;
  /** How long each SO in the chain has to answer the herstelkliniek gate, by urgency. */
  consultationTimeouts: ConsultationTimeouts;
}

export function referralWorkflow(
  scope: Construct,
  tree: TriageTree,
  functions: Record<WorkflowTaskName, lambda.IFunction>,
  settings: ReferralWorkflowSettings,
): sfn.IChainable {
  // LambdaInvoke retries Lambda service errors itself (retryOnServiceExceptions).
  const task = (name: WorkflowTaskName, props: Partial<tasks.LambdaInvokeProps> = {}) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      payloadResponseOnly: true,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
      ...props,
    });
  const caseIdOnly = sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') });
  const done = new sfn.Succeed(scope, 'Done');

  // The case moved on meanwhile (e.g. cancelled while being placed): nothing left to do.
  const closed = new sfn.Succeed(scope, 'CaseClosed', { comment: 'De casus is intussen gesloten of al verder.' });
  // Anything else unexpected: a held bed goes back and the coordinator takes the case; never dropped.
  const handOver = task('HandOverToCoordinator', {
    payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), error: sfn.JsonPath.objectAt('$.error') }),
    resultPath: '$.handOver',
  })
    // The last line of defence: retried, and if it still fails the execution fails (and shows in the metrics).
    .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
    .next(new sfn.Succeed(scope, 'HandedOver', { comment: 'Storing: coördinator heeft de regie.' }));
  const guard = <T extends tasks.LambdaInvoke>(t: T): T =>
    t
      .addCatch(closed, { errors: ['CaseClosedError'], resultPath: '$.error' })
      .addCatch(handOver, { errors: ['States.ALL'], resultPath: '$.error' }) as T;

  const notify = guard(task('NotifyDestination', { payload: caseIdOnly, resultPath: '$.notification' })).next(done);

  const releaseHold = guard(task('ReleaseHold', { payload: caseIdOnly, resultPath: '$.release' })).next(
    new sfn.Succeed(scope, 'HoldExpired', { comment: 'Niet bevestigd: bed terug in de pool, coördinator ingeschakeld.' }),
  );
  const awaitAdmission = new tasks.LambdaInvoke(scope, 'AwaitAdmission', {
      lambdaFunction: functions.AwaitAdmission,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), taskToken: sfn.JsonPath.taskToken }),
      // The facility has this long to confirm admission (synth-time setting, 2 hours by default).
      taskTimeout: sfn.Timeout.duration(settings.holdTimeout),
      resultPath: '$.admission',
    })
    .addCatch(releaseHold, { errors: ['States.Timeout'], resultPath: '$.timeout' })
    .addCatch(new sfn.Succeed(scope, 'Cancelled', { comment: 'Casus geannuleerd; bed vrijgegeven.' }), {
      errors: ['CaseCancelled'],
      resultPath: '$.cancelled',
    })
    .addCatch(closed, { errors: ['CaseClosedError'], resultPath: '$.error' })
    .addCatch(handOver, { errors: ['States.ALL'], resultPath: '$.error' })
    .next(new sfn.Succeed(scope, 'AdmissionConfirmed'));

  const soGate = herstelkliniekGate(scope, functions, settings, { awaitAdmission, closed, handOver, task: guard(task('SoDeclined', { payload: caseIdOnly, resultPath: '$.declined' })) });
  const place = guard(task('PlaceCase', {
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      holdTimeoutSeconds: settings.holdTimeout.toSeconds(),
    }),
    resultPath: '$.placement',
  })).next(
    new sfn.Choice(scope, 'IsBedHeld')
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), sfn.Condition.booleanEquals('$.placement.soGate', true)), soGate)
      .when(sfn.Condition.stringEquals('$.placement.outcome', 'held'), awaitAdmission)
      .otherwise(notify),
  );

  // The tree asked for an SO: if that request cannot start, the coordinator takes the case.
  const consult = guard(
    task('RequestSoConsultation', {
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), urgency: sfn.JsonPath.stringAt('$.referral.presentation.urgency') }),
      resultPath: '$.consultation',
    }),
  ).next(place);

  const afterDecision = new sfn.Choice(scope, 'IsCall112')
    .when(
      sfn.Condition.stringEquals('$.decision.destination', 'call_112'),
      new sfn.Succeed(scope, 'StopCall112', { comment: 'Levensbedreigend: bel 112; deze workflow stopt.' }),
    )
    .otherwise(
      new sfn.Choice(scope, 'NeedsSoConsultation')
        .when(sfn.Condition.booleanEquals('$.decision.soConsultation', true), consult)
        .otherwise(place),
    );

  const record = guard(task('RecordDecision', { resultPath: '$.decision' })).next(afterDecision);
  // Placing again, asked by the coordinator (input { caseId, placeAgain: true }), skips the
  // triage, already recorded, and places the case again; everything else starts at the tree.
  return new sfn.Choice(scope, 'IsPlacementAgain', { comment: 'Opnieuw plaatsen op verzoek van de coördinator?' })
    .when(sfn.Condition.isPresent('$.placeAgain'), place)
    .otherwise(triageRouting(scope, tree, record));
}
