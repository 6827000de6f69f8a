import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricsNamespace, scheduledJobs, type ScheduledJobSpec } from '../../functions/manifest';
import type { DataTables } from './data-tables';
import { HandlerFunction } from './handler-function';

export interface OperationsProps {
  data: DataTables;
  environment: Record<string, string>;
  /** Executions that must never fail unnoticed. */
  stateMachines: Record<string, sfn.StateMachine>;
  /** The referral workflow, for jobs that start it or read its executions (the sweep of stuck cases). */
  referralWorkflow: sfn.StateMachine;
  /** Per job, input that replaces the manifest's (CDK context, e.g. stuckAfterSeconds). */
  jobInputs?: Partial<Record<keyof typeof scheduledJobs, Record<string, unknown>>>;
  /** Where alarms are mailed (CDK context alertEmail); without it, subscribe to the topic yourself. */
  alertEmail?: string;
}

/**
 * What keeps the system honest when nobody is looking: the scheduled jobs of the
 * manifest, and alarms when a workflow execution fails, times out or is aborted, or a
 * job fails. Alarm texts name resources, never patients.
 */
export class Operations extends Construct {
  readonly alerts: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.alerts = new sns.Topic(this, 'Alerts', { displayName: 'Verkeerstoren storingen', enforceSSL: true });
    if (props.alertEmail) this.alerts.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
    const alarmOn = (name: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new actions.SnsAction(this.alerts));

    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const period = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
      alarmOn(`${name}Failed`, machine.metricFailed(period), `${name}: een uitvoering is mislukt; zie de casus-tijdlijn en de workflowlogs`);
      alarmOn(`${name}TimedOut`, machine.metricTimedOut(period), `${name}: een uitvoering liep over de maximale duur`);
      alarmOn(`${name}Aborted`, machine.metricAborted(period), `${name}: een uitvoering is handmatig gestopt; vastgehouden bedden komen via de veegronde terug`);
    }

    for (const [name, job] of Object.entries(scheduledJobs) as Array<[keyof typeof scheduledJobs, ScheduledJobSpec]>) {
      const fn = new HandlerFunction(this, `${name}Job`, { spec: job, data: props.data, environment: props.environment }).fn;
      if (job.startsWorkflow) {
        fn.addEnvironment('STATE_MACHINE_ARN', props.referralWorkflow.stateMachineArn);
        props.referralWorkflow.grantStartExecution(fn);
      }
      if (job.describesWorkflow) props.referralWorkflow.grantExecution(fn, 'states:DescribeExecution');
      new events.Rule(this, `${name}Schedule`, {
        description: `${name}, elke ${job.everyMinutes} minuten`,
        schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ ...job.input, ...props.jobInputs?.[name] }), retryAttempts: 2 })],
      });
      alarmOn(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }), `${name}: de geplande taak faalde`);
      if (job.metric) {
        // The job's own count per run (an EMF line, functions/lib/metrics.ts): one run counting more than a few is an alarm.
        new cloudwatch.Alarm(this, `${name}${job.metric.name}`, {
          metric: new cloudwatch.Metric({
            namespace: metricsNamespace,
            metricName: job.metric.name,
            dimensionsMap: { Region: props.environment.REGION_NAME ?? 'rotterdam' },
            period: Duration.minutes(job.everyMinutes),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: job.metric.alarmAbove,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: job.metric.description,
        }).addAlarmAction(new actions.SnsAction(this.alerts));
      }
    }
  }
}
