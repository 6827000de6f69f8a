import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { WorkflowTaskName } from '../functions/manifest';
import type { TriageTree } from '../functions/domain/triage/tree-schema';
import { triageRouting } from './triage-routing';

/**
 * The referral workflow as a CDK chain. Input: `{ caseId, treeVersion, referral }`.
 *   Choice states of the tree → RecordDecision → (call_112: stop) → NotifyDestination
 * State names are stable PascalCase: they key the local task handlers and show in the console.
 */
export function referralWorkflow(
  scope: Construct,
  tree: TriageTree,
  functions: Record<WorkflowTaskName, lambda.IFunction>,
): sfn.IChainable {
  const task = (name: WorkflowTaskName, props: Partial<tasks.LambdaInvokeProps> = {}) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: functions[name],
      payloadResponseOnly: true,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
      ...props,
    }).addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException', 'States.Timeout'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });

  const notify = task('NotifyDestination', {
    payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') }),
    resultPath: '$.notification',
  }).next(new sfn.Succeed(scope, 'Done'));

  const afterDecision = new sfn.Choice(scope, 'IsCall112')
    .when(
      sfn.Condition.stringEquals('$.decision.destination', 'call_112'),
      new sfn.Succeed(scope, 'StopCall112', { comment: 'Levensbedreigend: bel 112; deze workflow stopt.' }),
    )
    .otherwise(notify);

  const record = task('RecordDecision', { resultPath: '$.decision' }).next(afterDecision);
  return triageRouting(scope, tree, record);
}
