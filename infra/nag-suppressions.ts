import type { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { HandlerFunction } from './constructs/handler-function';
import { routesWithoutSignIn, type ApiStack } from './stacks/api-stack';
import type { DataStack } from './stacks/data-stack';
import type { IdentityStack } from './stacks/identity-stack';
import type { WebStack } from './stacks/web-stack';
import type { WorkflowStack } from './stacks/workflow-stack';

/**
 * Every cdk-nag AwsSolutions finding this system accepts, each with why, in one place to
 * review. test/infra/hardening.test.ts runs the pack over the whole app and fails on any
 * finding not accepted here. Suppressions name the finding as narrowly as cdk-nag allows
 * (`appliesTo` the exact wildcard), so a new wildcard in the same policy still fails.
 * Reasons stay ASCII: cdk-nag base64-encodes any other text in the template metadata.
 */
export function acceptNagFindings(stacks: { identity: IdentityStack; data: DataStack; workflow: WorkflowStack; api: ApiStack; web: WebStack }): void {
  const accept = (scope: IConstruct, suppressions: NagPackSuppression[]) => NagSuppressions.addResourceSuppressions(scope, suppressions, true);

  // --- Every Lambda of the manifest (API routes, workflow tasks, scheduled jobs).
  const handlers = [stacks.workflow, stacks.api].flatMap((s: Stack) => s.node.findAll().filter((c): c is HandlerFunction => c instanceof HandlerFunction));
  for (const handler of handlers) {
    const suppressions: NagPackSuppression[] = [
      {
        id: 'AwsSolutions-IAM4',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        reason: 'AWSLambdaBasicExecutionRole only lets the function create log streams and write its own logs (to its own log group, kept one month).',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 on purpose: the bundles target node22 and the stack tests pin nodejs22.x; a newer runtime is a deliberate change of both.',
      },
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        reason: "CDK's grant on the one customer-managed data key of the tables: GenerateDataKey* and ReEncrypt* are action families on that key's ARN only.",
      },
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: [{ regex: '/^Resource::(<Tables\\w+\\.Arn>|Verkeerstoren-Data:ExportsOutputFnGetAttTables\\w+)\\/index\\/\\*$/g' }],
        reason: "CDK's table grant names a table's secondary indexes as <table ARN>/index/*: the indexes of the granted table only (the sweeps and the overview query them).",
      },
    ];
    if (handler.spec.sms) {
      suppressions.push({
        id: 'AwsSolutions-IAM5',
        appliesTo: ['Resource::*'],
        reason: 'Publishing an SMS to a phone number has no resource ARN: sns:Publish needs Resource *. It is the only action granted on * (tested).',
      });
    }
    if (handler.spec.describesWorkflow) {
      suppressions.push({
        id: 'AwsSolutions-IAM5',
        appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:states:[a-z0-9-]+:<AWS::AccountId>:execution:.*:\\*$/g' }],
        reason: "DescribeExecution on the referral workflow's own executions (execution:<its name>:*): their names are only known at run time.",
      });
    }
    accept(handler, suppressions);
  }

  // --- The state machines.
  const machines: sfn.StateMachine[] = [stacks.workflow.stateMachine, stacks.workflow.consultationMachine];
  for (const machine of machines) {
    accept(machine, [
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Logs at ERROR on purpose: execution data stays out of the logs (it holds referral facts), so ALL would add only state names, at far higher cost; every event is in the execution history (90 days).',
      },
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: ['Resource::*'],
        reason: "CDK's grants for X-Ray tracing (xray:PutTraceSegments and the like) and for log delivery (logs:CreateLogDelivery and the like): these APIs take no resource ARN.",
      },
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: [{ regex: '/^Resource::<\\w+FunctionFn\\w+\\.Arn>:\\*$/g' }],
        reason: "CDK's LambdaInvoke grant: each task's own function, any of its versions and aliases (<function ARN>:*); no other function.",
      },
    ]);
  }

  // --- Data: the patient key and the audit archive.
  accept(stacks.data.data.patientKey, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC key of the pseudonymous patient key in the access log (NEN 7513): rotating it would cut every later entry loose from the earlier ones of the same patient. It is only read by the functions that append.',
    },
  ]);
  accept(stacks.data.auditArchive.bucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'The audit exports are locked in compliance mode (Object Lock) and written only by the scheduled export role; access to the objects is for account-level CloudTrail data events, not a second log bucket.',
    },
  ]);
  accept(stacks.data.auditArchive, [
    {
      id: 'AwsSolutions-IAM5',
      appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      reason: "CDK's grant on the data key the exports are encrypted with: action families on that key's ARN only.",
    },
    {
      id: 'AwsSolutions-IAM5',
      appliesTo: [{ regex: '/^Resource::<AuditArchiveExports\\w+\\.Arn>\\/audit\\/\\*$/g' }],
      reason: 'DynamoDB writes each export as many objects under audit/<export id>/: the audit/ prefix of this one bucket.',
    },
  ]);

  // --- Identity.
  accept(stacks.identity.identity.userPool, [
    {
      id: 'AwsSolutions-COG8',
      reason:
        'No Plus feature plan (threat protection), for its cost per user: admins create every account, passwords are 14+ characters, and an authenticator-app second factor is required for everyone.',
    },
  ]);

  // --- API.
  for (const route of stacks.api.node.findAll().filter((c): c is apigw.CfnRoute => c instanceof apigw.CfnRoute)) {
    if (routesWithoutSignIn.includes(route.routeKey)) {
      accept(route, [
        {
          id: 'AwsSolutions-APIG4',
          reason: 'The SMS answer link: its single-use, expiring token is the proof (the SO on call has no session on that phone). The page shows no patient data; the case needs a sign-in.',
        },
      ]);
    }
  }
  accept(stacks.api.originVerifySecret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront gets the origin header value at deploy (a dynamic reference), so a scheduled rotation would lock it out of the API until the web stack is deployed again: rotate by a new value and a deploy.',
    },
  ]);

  // --- Web.
  accept(stacks.web.distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason: 'No geo restriction: GPs and SOs on call answer from wherever they are (border regions, holidays). The WAF rate rule and the sign-in guard the API.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        "No CloudFront access logs: they would keep every viewer's IP address and the answer-link tokens in URLs. Who saw which case is in the application's own access log (NEN 7513).",
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'TLS 1.2 (2021) is set as the minimum, but the default cloudfront.net certificate still allows TLSv1: it applies once the region domain gets an ACM certificate in us-east-1.',
    },
  ]);
  const site = stacks.web.node.tryFindChild('Site');
  if (site) {
    accept(site, [{ id: 'AwsSolutions-S1', reason: "The bucket holds only the web app's own static files (no personal data), read by CloudFront alone (origin access control)." }]);
  }
  // The BucketDeployment's handler: CDK's code, runtime and grants.
  for (const deployer of stacks.web.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    accept(deployer, [
      { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment handler: its runtime is chosen and updated by aws-cdk-lib, not here." },
      {
        id: 'AwsSolutions-IAM4',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        reason: "CDK's BucketDeployment handler logs with the basic execution role: its own log streams only.",
      },
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: [
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          'Action::s3:DeleteObject*',
          'Action::s3:Abort*',
          { regex: '/^Resource::<Site\\w+\\.Arn>\\/\\*$/g' },
          { regex: '/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-[a-z0-9-]+\\/\\*$/g' },
          'Resource::*',
        ],
        reason:
          "CDK's BucketDeployment grants: S3 action families on the CDK asset bucket and the site bucket (their objects), and CloudFront invalidations, which take no resource ARN.",
      },
    ]);
  }
}
