import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WorkflowTaskName } from '../functions/manifest';
import { consultationLoop, type ConsultationTimeouts } from './consultation-loop';

/** How long each contact of a team has to confirm a home decision, by urgency (U4 also covers U5). */
export type DistrictTimeouts = ConsultationTimeouts;

/** U2 30 minutes, U3 2 hours, U4 and U5 8 hours (`-c districtTimeouts='{"U2":1800,…}'`, `-c districtTimeoutSeconds=N`). */
export const defaultDistrictTimeouts = { U2: 30 * 60, U3: 2 * 3600, U4: 8 * 3600 };

/** The two teams' loops, by the prefix of their state names. */
const teams = [
  { prefix: 'DistrictTeam', reason: 'district_team' },
  { prefix: 'FactVvt', reason: 'fact_vvt' },
] as const;

export interface HomeConfirmationEnds {
  done: sfn.IChainable;
  closed: sfn.IChainable;
  handOver: sfn.IChainable;
}

/**
 * A home decision is confirmed by the acute district team on duty, and with the tree's flag
 * `fact_vvt` also by the FACT-VVT team, side by side (ConfirmHome, a Parallel). Each is the
 * consultation loop (consultation-loop.ts) on its own roster chain, without a read of the case:
 *
 *   <Team>Ask → <Team>AwaitAnswer<urgency> (texts the contact of this attempt a single-use link; callback)
 *     "wij gaan" → <Team>Confirmed
 *     "kunnen niet" (with a reason), or no answer in time (<Team>RecordNoAnswer) → the next contact
 *     nobody left (ChainExhausted) → <Team>NotifyCoordinator: the coordinator is texted and takes the case
 *   the case closed meanwhile → <Team>CaseClosed; a fault → the whole case to HandOverToCoordinator
 *
 * Input of each branch: `{ caseId, urgency, district, startedBy, decision }`: codes only.
 */
export function homeConfirmation(
  scope: Construct,
  functions: Record<WorkflowTaskName, lambda.IFunction>,
  timeouts: DistrictTimeouts,
  ends: HomeConfirmationEnds,
): sfn.IChainable {
  const branch = ({ prefix, reason }: (typeof teams)[number]) => {
    const fn = (role: 'AwaitAnswerU2' | 'AwaitAnswerU3' | 'AwaitAnswerU4' | 'RecordNoAnswer' | 'NotifyCoordinator') => functions[`${prefix}${role}` as WorkflowTaskName];
    const coordinator = new tasks.LambdaInvoke(scope, `${prefix}NotifyCoordinator`, {
      lambdaFunction: fn('NotifyCoordinator'),
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        urgency: sfn.JsonPath.stringAt('$.urgency'),
        reason: sfn.JsonPath.stringAt('$.reason'),
        attempt: sfn.JsonPath.numberAt('$.attempt'),
        district: sfn.JsonPath.stringAt('$.district'),
      }),
      resultPath: '$.handOver',
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    })
      .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
      .next(new sfn.Succeed(scope, `${prefix}Unanswered`, { comment: 'Niemand in de dienstketen van het team bevestigde; coördinator heeft de regie.' }));
    const loop = consultationLoop(scope, {
      prefix,
      at: '$',
      carry: ['district', 'startedBy'],
      names: { await: 'AwaitAnswer', noAnswer: 'RecordNoAnswer' },
      functions: { AwaitSoAnswerU2: fn('AwaitAnswerU2'), AwaitSoAnswerU3: fn('AwaitAnswerU3'), AwaitSoAnswerU4: fn('AwaitAnswerU4'), RecordNoAnswer: fn('RecordNoAnswer') },
      timeouts,
      // "Kunnen niet": the next contact of the chain is asked.
      nextOn: ['decline'],
      onAnswered: new sfn.Succeed(scope, `${prefix}Confirmed`, { comment: 'Het team gaat.' }),
      onClosed: new sfn.Succeed(scope, `${prefix}CaseClosed`, { comment: 'De casus is intussen gesloten of al verder.' }),
      onExhausted: coordinator,
      // A fault ends the branch, and the Parallel hands the case over.
      onFault: new sfn.Fail(scope, `${prefix}Failed`, { error: 'TeamConfirmationFailed', cause: 'Een stap van de bevestiging door het team faalde.' }),
    });
    const ask = new sfn.Pass(scope, `${prefix}Ask`, {
      parameters: { 'caseId.$': '$.caseId', 'urgency.$': '$.urgency', 'district.$': '$.district', 'startedBy.$': '$.startedBy', reason, attempt: 0 },
    }).next(loop);
    if (reason === 'district_team') return ask;
    // FACT-VVT only with the tree's flag.
    return new sfn.Choice(scope, `${prefix}Needed`)
      .when(sfn.Condition.and(sfn.Condition.isPresent('$.decision.factVvt'), sfn.Condition.booleanEquals('$.decision.factVvt', true)), ask)
      .otherwise(new sfn.Succeed(scope, `${prefix}NotNeeded`));
  };

  const parallel = new sfn.Parallel(scope, 'ConfirmHome', {
    comment: 'Het wijkteam (en met de vlag fact_vvt het FACT-VVT-team) bevestigt het thuisbesluit.',
    parameters: {
      'caseId.$': '$.caseId',
      'urgency.$': '$.referral.presentation.urgency',
      'district.$': '$.district',
      'startedBy.$': '$.startedBy',
      'decision.$': '$.decision',
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  for (const team of teams) parallel.branch(branch(team));
  return parallel
    .addCatch(ends.closed, { errors: ['CaseClosedError'], resultPath: '$.error' })
    .addCatch(ends.handOver, { errors: ['States.ALL'], resultPath: '$.error' })
    .next(ends.done);
}
