import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { consultationTasks, workflowTasks, type HandlerSpec } from '../../functions/manifest';
import type { TriageTree } from '../../functions/domain/triage/tree-schema';
import { consultationWorkflow, type ConsultationTimeouts } from '../../workflows/consultation-workflow';
import { referralWorkflow, type HoldTimeouts } from '../../workflows/referral-workflow';
import type { DistrictTimeouts } from '../../workflows/home-confirmation';
import type { DataTables } from '../constructs/data-tables';
import { HandlerFunction } from '../constructs/handler-function';
import { Operations } from '../constructs/operations';

export interface WorkflowStackProps extends StackProps {
  data: DataTables;
  tree: TriageTree;
  environment: Record<string, string>;
  holdTimeout: HoldTimeouts;
  consultationTimeouts: ConsultationTimeouts;
  /** How long each contact of the district (or FACT-VVT) team has to confirm a home decision, by urgency. */
  districtTimeouts?: DistrictTimeouts;
  alertEmail?: string;
  /** How long a case may stand still, its execution gone, before the sweep of stuck cases acts (default: the manifest's). */
  stuckAfterSeconds?: number;
}

/** The referral workflow (routing is the triage tree) and the SO consultation workflow it starts. */
export class WorkflowStack extends Stack {
  readonly stateMachine: sfn.StateMachine;
  readonly consultationMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    // One Lambda per handler file, shared by the task states that use it.
    const byFile = new Map<string, lambda.Function>();
    const fn = (spec: HandlerSpec): lambda.Function => {
      const existing = byFile.get(spec.file);
      if (existing) return existing;
      const name = spec.file.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
      const created = new HandlerFunction(this, `${name}Function`, { spec, data: props.data, environment: props.environment }).fn;
      byFile.set(spec.file, created);
      return created;
    };
    const mapTasks = <K extends string>(specs: Record<K, HandlerSpec>) =>
      Object.fromEntries(Object.entries<HandlerSpec>(specs).map(([state, spec]) => [state, fn(spec)])) as Record<K, lambda.Function>;
    const logsFor = (name: string) => ({
      destination: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
      level: sfn.LogLevel.ERROR,
      // Execution data carries referral facts: keep it out of the logs.
      includeExecutionData: false,
    });
    // Execution input, output and history carry referral facts: encrypted with the data key.
    const encryptionConfiguration = new sfn.CustomerManagedEncryptionConfiguration(props.data.key);

    this.consultationMachine = new sfn.StateMachine(this, 'ConsultationWorkflow', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'Consultverzoek aan de dienstdoende SO, met escalatie naar achterwacht en coördinator',
      definitionBody: sfn.DefinitionBody.fromChainable(consultationWorkflow(this, mapTasks(consultationTasks), props.consultationTimeouts)),
      timeout: Duration.days(2),
      tracingEnabled: true,
      logs: logsFor('ConsultationWorkflow'),
      encryptionConfiguration,
    });

    const referralFunctions = mapTasks(workflowTasks);
    const starter = referralFunctions.RequestSoConsultation;
    starter.addEnvironment('CONSULTATION_STATE_MACHINE_ARN', this.consultationMachine.stateMachineArn);
    this.consultationMachine.grantStartExecution(starter);

    this.stateMachine = new sfn.StateMachine(this, 'ReferralWorkflow', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: `Verwijzing acute ouderenzorg; triageboom ${props.tree.version}`,
      definitionBody: sfn.DefinitionBody.fromChainable(referralWorkflow(this, props.tree, referralFunctions, { holdTimeout: props.holdTimeout, consultationTimeouts: props.consultationTimeouts, ...(props.districtTimeouts ? { districtTimeouts: props.districtTimeouts } : {}) })),
      timeout: Duration.days(14),
      tracingEnabled: true,
      logs: logsFor('ReferralWorkflow'),
      encryptionConfiguration,
    });

    // CDK's own key grant for the encryption names the machine by its physical name, which these
    // leave to CloudFormation: that condition matches no ARN. This one matches the state machines
    // of this account and region (the role trusts only those).
    for (const machine of [this.consultationMachine, this.stateMachine]) {
      machine.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.data.key.keyArn],
          conditions: { StringLike: { 'kms:EncryptionContext:aws:states:stateMachineArn': this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
        }),
      );
    }

    new Operations(this, 'Operations', {
      data: props.data,
      environment: props.environment,
      stateMachines: { ReferralWorkflow: this.stateMachine, ConsultationWorkflow: this.consultationMachine },
      referralWorkflow: this.stateMachine,
      ...(props.stuckAfterSeconds !== undefined ? { jobInputs: { SweepStuckCases: { stuckAfterSeconds: props.stuckAfterSeconds } } } : {}),
      ...(props.alertEmail ? { alertEmail: props.alertEmail } : {}),
    });
  }
}
