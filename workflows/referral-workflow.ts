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
/** How long a held bed waits for the facility, by urgency (U4 also covers U5). */
export interface HoldTimeouts {
  U2: Duration;
  U3: Duration;
  U4: Duration;
}

export const defaultHoldTimeouts = { U2: 3600, U3: 2 * 3600, U4: 4 * 3600 };

export interface ReferralWorkflowSettings {
  /** How long a held bed waits for the facility to confirm admission, by urgency. */
  holdTimeout: HoldTimeouts;
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
  // The facility has as long as the hold lasts, by urgency: one wait per urgency, each with
  // its own static TimeoutSeconds (U3 keeps the plain name AwaitAdmission; U4 covers U5).
  const cancelled = new sfn.Succeed(scope, 'Cancelled', { comment: 'Casus geannuleerd; bed vrijgegeven.' });
  const confirmed = new sfn.Succeed(scope, 'AdmissionConfirmed');
  const awaitFor = (name: 'AwaitAdmissionU2' | 'AwaitAdmission' | 'AwaitAdmissionU4', timeout: Duration) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), taskToken: sfn.JsonPath.taskToken }),
      taskTimeout: sfn.Timeout.duration(timeout),
      resultPath: '$.admission',
    })
      .addCatch(releaseHold, { errors: ['States.Timeout'], resultPath: '$.timeout' })
      .addCatch(cancelled, { errors: ['CaseCancelled'], resultPath: '$.cancelled' })
      .addCatch(closed, { errors: ['CaseClosedError'], resultPath: '$.error' })
      .addCatch(handOver, { errors: ['States.ALL'], resultPath: '$.error' })
      .next(confirmed);
  const admissionWaits = { U2: awaitFor('AwaitAdmissionU2', settings.holdTimeout.U2), U3: awaitFor('AwaitAdmission', settings.holdTimeout.U3), U4: awaitFor('AwaitAdmissionU4', settings.holdTimeout.U4) };
  const urgency = (u: string) => sfn.Condition.stringEquals('$.placement.urgency', u);
  const awaitAdmission = new sfn.Choice(scope, 'AdmissionUrgency')
    .when(urgency('U2'), admissionWaits.U2)
    .when(sfn.Condition.or(urgency('U4'), urgency('U5')), admissionWaits.U4)
    .otherwise(admissionWaits.U3);

  const soGate = herstelkliniekGate(scope, functions, settings, { awaitAdmission, closed, handOver, task: guard(task('SoDeclined', { payload: caseIdOnly, resultPath: '$.declined' })) });
  const place = guard(task('PlaceCase', {
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      holdTimeouts: { U2: settings.holdTimeout.U2.toSeconds(), U3: settings.holdTimeout.U3.toSeconds(), U4: settings.holdTimeout.U4.toSeconds() },
    }),
    resultPath: '$.placement',
  })).next(
    new sfn.Choice(scope, 'IsBedHeld')
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), sfn.Condition.booleanEquals('$.placement.soGate', true)), soGate)
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), urgency('U2')), admissionWaits.U2)
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), sfn.Condition.or(urgency('U4'), urgency('U5'))), admissionWaits.U4)
      .when(sfn.Condition.stringEquals('$.placement.outcome', 'held'), admissionWaits.U3)
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

  // It reads the referral from the case: its payload is the route, not the routing facts.
  const record = guard(
    task('RecordDecision', {
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), treeVersion: sfn.JsonPath.stringAt('$.treeVersion'), route: sfn.JsonPath.objectAt('$.route') }),
      resultPath: '$.decision',
    }),
  ).next(afterDecision);
  // Placing again, asked by the coordinator (input { caseId, placeAgain: true }), skips the
  // triage, already recorded, and places the case again; everything else starts at the tree.
  return new sfn.Choice(scope, 'IsPlacementAgain', { comment: 'Opnieuw plaatsen op verzoek van de coördinator?' })
    .when(sfn.Condition.isPresent('$.placeAgain'), place)
    .otherwise(triageRouting(scope, tree, record));
}
