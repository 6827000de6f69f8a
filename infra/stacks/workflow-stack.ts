import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { workflowTasks, type WorkflowTaskName } from '../../functions/manifest';
import type { TriageTree } from '../../functions/domain/triage/tree-schema';
import { referralWorkflow } from '../../workflows/referral-workflow';
import type { DataTables } from '../constructs/data-tables';
import { HandlerFunction } from '../constructs/handler-function';

export interface WorkflowStackProps extends StackProps {
  data: DataTables;
  tree: TriageTree;
  environment: Record<string, string>;
  holdTimeout: Duration;
}

/** The referral workflow: a Standard state machine whose routing is the triage tree. */
export class WorkflowStack extends Stack {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const functions = Object.fromEntries(
      Object.entries(workflowTasks).map(([name, spec]) => [
        name,
        new HandlerFunction(this, `${name}Function`, { spec, data: props.data, environment: props.environment }).fn,
      ]),
    ) as Record<WorkflowTaskName, HandlerFunction['fn']>;

    this.stateMachine = new sfn.StateMachine(this, 'ReferralWorkflow', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: `Verwijzing acute ouderenzorg; triageboom ${props.tree.version}`,
      definitionBody: sfn.DefinitionBody.fromChainable(referralWorkflow(this, props.tree, functions, { holdTimeout: props.holdTimeout })),
      timeout: Duration.days(14),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ReferralWorkflowLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ERROR,
        // Execution data carries referral facts: keep it out of the logs.
        includeExecutionData: false,
      },
    });
  }
}
