import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WorkflowTaskName } from '../functions/manifest';
import type { TriageTree } from '../functions/domain/triage/tree-schema';
import { herstelkliniekGate } from './herstelkliniek-gate';
import { defaultDistrictTimeouts, homeConfirmation, type DistrictTimeouts } from './home-confirmation';
import type { ConsultationTimeouts } from './consultation-loop';
import { triageRouting } from './triage-routing';

/**
 * The referral workflow as a CDK chain. Input: `{ caseId, treeVersion, referral, district, startedBy }`
 * (functions/domain/workflow-input.ts), or for a placement again the same with `placeAgain` and `decision`.
 *
 *   Choice states of the tree → RecordDecision → IsCall112 (stop) → [RequestSoConsultation] → PlaceCase →
 *     herstelkliniek bed held (tree v2 on): the SO gate (herstelkliniek-gate.ts), then AwaitAdmission
 *     other bed held: AwaitAdmission (callback; after the hold timeout → ReleaseHold)
 *     home: ConfirmHome, the district team (and FACT-VVT) confirms through a link (home-confirmation.ts)
 *     otherwise: NotifyDestination (SEH, or the coordinator)
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
  /** How long each contact of the district (or FACT-VVT) team has to confirm a home decision, by urgency (default U2 30 min, U3 2 h, U4/U5 8 h). */
  districtTimeouts?: DistrictTimeouts;
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

  // The steps after the decision take the codes the workflow carries (issue 13: no step
  // re-reads the case): see functions/domain/workflow-input.ts.
  const notify = guard(
    task('NotifyDestination', {
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        outcome: sfn.JsonPath.stringAt('$.placement.outcome'),
        destination: sfn.JsonPath.stringAt('$.decision.destination'),
        urgency: sfn.JsonPath.stringAt('$.referral.presentation.urgency'),
        district: sfn.JsonPath.stringAt('$.district'),
        startedBy: sfn.JsonPath.stringAt('$.startedBy'),
      }),
      resultPath: '$.notification',
    }),
  ).next(done);

  const districtTimeouts = settings.districtTimeouts ?? {
    U2: Duration.seconds(defaultDistrictTimeouts.U2),
    U3: Duration.seconds(defaultDistrictTimeouts.U3),
    U4: Duration.seconds(defaultDistrictTimeouts.U4),
  };
  const confirmHome = homeConfirmation(scope, functions, districtTimeouts, { done, closed, handOver });

  const releaseHold = guard(task('ReleaseHold', { payload: caseIdOnly, resultPath: '$.release' })).next(
    new sfn.Succeed(scope, 'HoldExpired', { comment: 'Niet bevestigd: bed terug in de pool, coördinator ingeschakeld.' }),
  );
  // The facility has as long as the hold lasts, by urgency: one wait per urgency, each with
  // its own static TimeoutSeconds (U3 keeps the plain name AwaitAdmission; U4 covers U5).
  const cancelled = new sfn.Succeed(scope, 'Cancelled', { comment: 'Casus geannuleerd; bed vrijgegeven.' });
  // The coordinator corrected the decision (bed already released); a new execution places the case.
  const corrected = new sfn.Succeed(scope, 'DecisionCorrected', { comment: 'Besluit gecorrigeerd door de coördinator; een nieuwe uitvoering plaatst de casus.' });
  const confirmed = new sfn.Succeed(scope, 'AdmissionConfirmed');
  const awaitFor = (name: 'AwaitAdmissionU2' | 'AwaitAdmission' | 'AwaitAdmissionU4', timeout: Duration) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        taskToken: sfn.JsonPath.taskToken,
        startedBy: sfn.JsonPath.stringAt('$.startedBy'),
        placement: sfn.JsonPath.objectAt('$.placement'),
      }),
      taskTimeout: sfn.Timeout.duration(timeout),
      resultPath: '$.admission',
    })
      .addCatch(releaseHold, { errors: ['States.Timeout'], resultPath: '$.timeout' })
      .addCatch(cancelled, { errors: ['CaseCancelled'], resultPath: '$.cancelled' })
      .addCatch(corrected, { errors: ['DecisionCorrected'], resultPath: '$.corrected' })
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
      treeVersion: sfn.JsonPath.stringAt('$.treeVersion'),
      decision: sfn.JsonPath.objectAt('$.decision'),
      referral: sfn.JsonPath.objectAt('$.referral'),
      district: sfn.JsonPath.stringAt('$.district'),
      startedBy: sfn.JsonPath.stringAt('$.startedBy'),
    }),
    resultPath: '$.placement',
  })).next(
    new sfn.Choice(scope, 'IsBedHeld')
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), sfn.Condition.booleanEquals('$.placement.soGate', true)), soGate)
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), urgency('U2')), admissionWaits.U2)
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.placement.outcome', 'held'), sfn.Condition.or(urgency('U4'), urgency('U5'))), admissionWaits.U4)
      .when(sfn.Condition.stringEquals('$.placement.outcome', 'held'), admissionWaits.U3)
      // Home: the district team on duty confirms (and FACT-VVT with its flag), else the backup, then the coordinator.
      .when(sfn.Condition.stringEquals('$.placement.outcome', 'home'), confirmHome)
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

  // It explains the route from the routing facts the Choice states read: no read of the case.
  const record = guard(
    task('RecordDecision', {
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        treeVersion: sfn.JsonPath.stringAt('$.treeVersion'),
        route: sfn.JsonPath.objectAt('$.route'),
        referral: sfn.JsonPath.objectAt('$.referral'),
        startedBy: sfn.JsonPath.stringAt('$.startedBy'),
      }),
      resultPath: '$.decision',
    }),
  ).next(afterDecision);
  // Placing again, asked by the coordinator (input with placeAgain and the decision), skips the
  // triage, already recorded, and places the case again; everything else starts at the tree.
  return new sfn.Choice(scope, 'IsPlacementAgain', { comment: 'Opnieuw plaatsen op verzoek van de coördinator?' })
    .when(sfn.Condition.isPresent('$.placeAgain'), place)
    .otherwise(triageRouting(scope, tree, record));
}
