import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { apiPathPatterns, authConfigPath, pageRewriteCode } from '../../infra/stacks/web-stack';
import { vendorFiles } from '../../infra/vendor-files';
import { tables } from '../../functions/data/tables';
import { roles } from '../../functions/domain/principal';
import { apiRoutes, consultationTasks, metricsNamespace, scheduledJobs, workflowTasks } from '../../functions/manifest';

// Bundling skipped: these tests read the templates, not the Lambda code.
const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
const identity = Template.fromStack(built.identity);
const data = Template.fromStack(built.data);
const workflow = Template.fromStack(built.workflow);
const api = Template.fromStack(built.api);
const everyStack = () => [built.identity, built.data, built.workflow, built.api, built.web].map((s) => ({ name: s.stackName, template: Template.fromStack(s) }));

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };
const resources = (t: Template, type: string): Resource[] => Object.values(t.findResources(type)) as Resource[];
/** Every IAM statement of a template: policies, and roles' inline policies. */
const iamStatements = (t: Template): Statement[] => [
  ...resources(t, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
  ...resources(t, 'AWS::IAM::ManagedPolicy').flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
  ...resources(t, 'AWS::IAM::Role').flatMap((r) => ((r.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap((p) => p.PolicyDocument.Statement)),
];
const actionsOf = (s: Statement): string[] => [s.Action].flat();
const auditTableRef = Object.keys(data.findResources('AWS::DynamoDB::Table')).find((id) => id.includes('Audit')) as string;
/** The IAM statements attached to a Lambda's own role. */
const statementsOfFunction = (t: Template, fn: Resource): Statement[] => {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resources(t, 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
};

describe('the data stack', () => {
  it('has one table per definition, keyed as defined', () => {
    for (const def of tables) {
      data.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
      });
    }
    expect(resources(data, 'AWS::DynamoDB::Table')).toHaveLength(tables.length);
  });

  it('encrypts every table with the customer-managed key, with point-in-time recovery, and keeps it', () => {
    for (const [, table] of Object.entries(data.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() });
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
    }
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('the workflow stack', () => {
  it('is a Standard state machine with logging and tracing', () => {
    workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('runs every function on Node.js 22', () => {
    const fns = [...resources(workflow, 'AWS::Lambda::Function'), ...resources(api, 'AWS::Lambda::Function')];
    expect(fns.length).toBeGreaterThanOrEqual(4);
    for (const fn of fns) expect(fn.Properties.Runtime).toBe('nodejs22.x');
  });

  it('lets no function update or delete audit entries (NEN 7513)', () => {
    expect(auditTableRef).toBeDefined();
    // The functions: on the audit table, PutItem and nothing else (entries in a transaction are puts too);
    // only the privacy officer's route also reads it (Query, GetItem), by key and index.
    const statements = [...iamStatements(workflow), ...iamStatements(api)];
    const onAudit = statements.filter((s) => JSON.stringify(s.Resource).includes(auditTableRef));
    expect(onAudit.length).toBeGreaterThan(0);
    for (const s of onAudit) expect([['dynamodb:PutItem'], ['dynamodb:Query', 'dynamodb:GetItem']]).toContainEqual(actionsOf(s));
    const readers = onAudit.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(readers.length).toBe(1);
    // No policy in any stack may change or delete entries: not on the table, not on "*".
    const forbidden = /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete|\*)$|^\*$/;
    for (const { name, template } of everyStack()) {
      for (const s of iamStatements(template).filter((st) => st.Effect === 'Allow')) {
        const reaches = JSON.stringify(s.Resource).includes(auditTableRef) || [s.Resource].flat().includes('*');
        if (reaches) expect(actionsOf(s).filter((a) => forbidden.test(a)), `${name}: ${JSON.stringify(s)}`).toEqual([]);
      }
    }
  });

  it('lets every function whose manifest entry appends to the audit table put entries there', () => {
    const appending = [...resources(workflow, 'AWS::Lambda::Function'), ...resources(api, 'AWS::Lambda::Function')].filter((fn) => fn.Properties.Environment?.Variables?.AUDIT_TABLE);
    expect(appending.length).toBeGreaterThanOrEqual(10);
    for (const t of [workflow, api]) {
      for (const [id, fn] of Object.entries(t.findResources('AWS::Lambda::Function')) as Array<[string, Resource]>) {
        const puts = statementsOfFunction(t, fn).some((s) => actionsOf(s).includes('dynamodb:PutItem') && JSON.stringify(s.Resource).includes(auditTableRef));
        expect(puts, id).toBe(Boolean(fn.Properties.Environment?.Variables?.AUDIT_TABLE));
      }
    }
  });

  it('routes with Choice states generated from the tree', () => {
    const machine = Object.entries(workflow.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => id.startsWith('ReferralWorkflow'))?.[1];
    const text = JSON.stringify(machine?.Properties.DefinitionString);
    expect(text).toContain('CheckLifeThreatening');
    expect(text).toContain('RecordDecision');
  });
});

describe('the consultation workflow', () => {
  it('waits for the SO with a timeout per urgency: U2 15 min, U3 60 min, U4/U5 4 h', () => {
    const machine = Object.entries(workflow.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => id.startsWith('ConsultationWorkflow'))?.[1];
    const text = JSON.stringify(machine?.Properties.DefinitionString);
    for (const [state, seconds] of [['AwaitSoAnswerU2', 900], ['AwaitSoAnswerU3', 3600], ['AwaitSoAnswerU4', 14400]] as const) {
      expect(text).toMatch(new RegExp(`${state}.{0,900}TimeoutSeconds\\\\":${seconds}`));
    }
    expect(text).toContain('waitForTaskToken');
  });

  it('gives the consultation table a time-to-live, so answered links disappear', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'tokenHash', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('holds a bed by urgency by default: U2 1 hour, U3 2 hours, U4 and U5 4 hours; the admission wait takes the case\'s own', () => {
    const machine = Object.entries(workflow.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => id.startsWith('ReferralWorkflow'))?.[1];
    const definition = JSON.stringify(machine?.Properties.DefinitionString);
    expect(definition).toMatch(/holdTimeouts\\":\{\\"U2\\":3600,\\"U3\\":7200,\\"U4\\":14400\}/);
    expect(definition).toMatch(/AwaitAdmissionU2\\":\{.{0,900}?TimeoutSeconds\\":3600/);
    expect(definition).toMatch(/AwaitAdmission\\":\{.{0,900}?TimeoutSeconds\\":7200/);
    expect(definition).toMatch(/AwaitAdmissionU4\\":\{.{0,900}?TimeoutSeconds\\":14400/);
  });

  it('waits for the district team (and FACT-VVT) to confirm a home decision: U2 30 min, U3 2 h, U4/U5 8 h; context districtTimeouts or districtTimeoutSeconds changes it', () => {
    const definitionOf = (t: Template) => JSON.stringify(Object.entries(t.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => id.startsWith('ReferralWorkflow'))?.[1]?.Properties.DefinitionString);
    const waits = (definition: string, team: string, seconds: readonly number[]) =>
      (['U2', 'U3', 'U4'] as const).forEach((u, i) => expect(definition).toMatch(new RegExp(`${team}AwaitAnswer${u}\\\\":\\{.{0,900}?TimeoutSeconds\\\\":${seconds[i]}[,}]`)));
    for (const team of ['DistrictTeam', 'FactVvt']) waits(definitionOf(workflow), team, [1800, 7200, 28800]);
    const byUrgency = Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [], districtTimeouts: '{"U2":600,"U3":3600,"U4":7200}' } }).workflow);
    waits(definitionOf(byUrgency), 'DistrictTeam', [600, 3600, 7200]);
    const one = Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [], districtTimeoutSeconds: 90 } }).workflow);
    waits(definitionOf(one), 'FactVvt', [90, 90, 90]);
  });
});

describe('operations: the sweep of overdue holds and the alarms', () => {
  const ruleOf = (name: string) => resources(workflow, 'AWS::Events::Rule').find((r) => String(r.Properties.Description).startsWith(name));

  it('indexes held beds sparsely by region and expiry, so the sweep never scans the case history', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'heldBeds',
          KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }, { AttributeName: 'holdExpiresAt', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'KEYS_ONLY' }, // no patient data in the index
        }),
      ]),
    });
  });

  it("indexes the region's cases by creation time for the overview, keys only", () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byRegion',
          KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
      ]),
    });
  });

  it("indexes a person's cases by the patient key (never the BSN), keys only; no index of the cases table projects a referral fact", () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byPatient',
          KeySchema: [{ AttributeName: 'patientKey', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
      ]),
    });
    const cases = resources(data, 'AWS::DynamoDB::Table').find((t) => (t.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }> | undefined)?.some((i) => i.IndexName === 'byPatient'));
    const indexes = cases?.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; Projection: unknown; KeySchema: Array<{ AttributeName: string }> }>;
    expect(indexes.length).toBeGreaterThanOrEqual(4);
    for (const index of indexes) {
      expect([index.IndexName, index.Projection]).toEqual([index.IndexName, { ProjectionType: 'KEYS_ONLY' }]);
      expect(index.KeySchema.map((k) => k.AttributeName)).not.toContain('bsn');
    }
  });

  it('runs each scheduled job of the manifest on its rate, with its input, on its own Lambda', () => {
    for (const [name, job] of Object.entries(scheduledJobs)) {
      const rule = ruleOf(name);
      expect(rule, name).toBeDefined();
      // CDK writes whole days and hours as such: 1440 minutes is rate(1 day).
      const rate = job.everyMinutes % 1440 === 0 ? `${job.everyMinutes / 1440} day${job.everyMinutes === 1440 ? '' : 's'}` : job.everyMinutes % 60 === 0 ? `${job.everyMinutes / 60} hour${job.everyMinutes === 60 ? '' : 's'}` : `${job.everyMinutes} minutes`;
      expect(rule?.Properties.ScheduleExpression).toBe(`rate(${rate})`);
      const [target] = rule?.Properties.Targets as Array<{ Arn: { 'Fn::GetAtt': [string, string] }; Input: string; RetryPolicy: unknown }>;
      expect(JSON.parse(target?.Input ?? '{}')).toEqual(job.input);
      const fnId = target?.Arn['Fn::GetAtt'][0] ?? '';
      expect(fnId).toMatch(new RegExp(`${name}Job`));
      const env = workflow.toJSON().Resources[fnId].Properties.Environment.Variables;
      expect(Object.keys(env).filter((k) => k.endsWith('_TABLE')).sort()).toEqual(Object.keys(job.tables).map((t) => `${t.toUpperCase()}_TABLE`).sort());
    }
    expect(scheduledJobs.SweepOverdueHolds).toMatchObject({ everyMinutes: 5, input: { graceSeconds: 300 } });
  });

  it('may query the held-beds index of the cases table', () => {
    const policies = resources(workflow, 'AWS::IAM::Policy').filter((p) => JSON.stringify(p.Properties.Roles).includes('SweepOverdueHoldsJob'));
    const statements = JSON.stringify(policies.map((p) => p.Properties.PolicyDocument.Statement));
    expect(statements).toContain('dynamodb:Query');
    expect(statements).toMatch(/\/index\/\*/);
  });

  it('raises an alarm to the alerts topic when an execution fails, times out or is aborted, or a job fails', () => {
    const alarms = resources(workflow, 'AWS::CloudWatch::Alarm');
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      const onMetric = alarms.filter((a) => a.Properties.MetricName === metric);
      expect(onMetric, metric).toHaveLength(2);
      for (const a of onMetric) {
        expect(a.Properties).toMatchObject({ Namespace: 'AWS/States', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
        expect(JSON.stringify(a.Properties.AlarmActions)).toMatch(/OperationsAlerts/);
      }
    }
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors' && a.Properties.Namespace === 'AWS/Lambda')).toHaveLength(Object.keys(scheduledJobs).length);
    workflow.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('mails the alarms to the address given as context alertEmail', () => {
    const withMail = buildApp({ context: { 'aws:cdk:bundling-stacks': [], alertEmail: 'storingen@example.nl' } });
    Template.fromStack(withMail.workflow).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'storingen@example.nl' });
  });
});

describe('operations: the sweep of stuck cases', () => {
  const jobFunction = () => Object.entries(workflow.findResources('AWS::Lambda::Function')).find(([id]) => id.includes('SweepStuckCasesJob')) as [string, Resource];
  const referralMachineId = Object.keys(workflow.findResources('AWS::StepFunctions::StateMachine')).find((id) => id.startsWith('ReferralWorkflow')) as string;

  it('indexes the cases waiting on an execution sparsely by region, keys only, so it never reads the case history', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'awaitingWorkflow',
          KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }, { AttributeName: 'executionArn', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
      ]),
    });
  });

  it('runs every 5 minutes with a threshold of 5 minutes, and may read the executions and start the referral workflow', () => {
    expect(scheduledJobs.SweepStuckCases).toMatchObject({ everyMinutes: 5, input: { stuckAfterSeconds: 300 } });
    const [, fn] = jobFunction();
    expect(JSON.stringify(fn.Properties.Environment.Variables.STATE_MACHINE_ARN)).toContain(referralMachineId);
    const statements = statementsOfFunction(workflow, fn);
    const start = statements.find((st) => actionsOf(st).includes('states:StartExecution'));
    expect(JSON.stringify(start?.Resource)).toContain(referralMachineId);
    const describeExecution = statements.find((st) => actionsOf(st).includes('states:DescribeExecution'));
    // On the referral workflow's executions (arn:…:execution:<machine>:*), nothing wider.
    expect(JSON.stringify(describeExecution?.Resource)).toMatch(/:execution:/);
    expect(JSON.stringify(describeExecution?.Resource)).toContain(referralMachineId);
    expect(statements.some((st) => actionsOf(st).includes('dynamodb:Query') && JSON.stringify(st.Resource).includes('/index/*'))).toBe(true);
  });

  it('raises an alarm when one run finds more than a few stuck cases: the count the job reports per region', () => {
    const { metric } = scheduledJobs.SweepStuckCases;
    const [alarm] = resources(workflow, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === metric.name);
    expect(alarm?.Properties).toMatchObject({
      Namespace: metricsNamespace,
      Dimensions: [{ Name: 'Region', Value: 'rotterdam' }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: metric.alarmAbove,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(metric.alarmAbove).toBe(3);
    expect(JSON.stringify(alarm?.Properties.AlarmActions)).toMatch(/OperationsAlerts/);
  });

  it('takes its threshold from the context stuckAfterSeconds', () => {
    const other = Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [], stuckAfterSeconds: 900 } }).workflow);
    const rule = resources(other, 'AWS::Events::Rule').find((r) => String(r.Properties.Description).startsWith('SweepStuckCases'));
    const [target] = rule?.Properties.Targets as Array<{ Input: string }>;
    expect(JSON.parse(target?.Input ?? '{}')).toEqual({ stuckAfterSeconds: 900 });
  });
});

describe('every Lambda has the configuration its code reads', () => {
  const fns = Object.entries({ ...workflow.findResources('AWS::Lambda::Function'), ...api.findResources('AWS::Lambda::Function') });
  const envOf = (props: Record<string, any>) => Object.keys(props.Environment?.Variables ?? {});

  it('sets the region, the public base URL and the callback number everywhere', () => {
    for (const [, fn] of fns) expect(envOf(fn.Properties)).toEqual(expect.arrayContaining(['REGION_NAME', 'PUBLIC_BASE_URL', 'CALLBACK_PHONE']));
  });

  it('gives every function that texts the rosters (for the coordinator) and the notifications table', () => {
    const texting = fns.filter(([, fn]) => fn.Properties.Environment?.Variables?.SMS_MODE === 'sns');
    expect(texting.length).toBeGreaterThanOrEqual(5);
    for (const [id, fn] of texting) expect(envOf(fn.Properties), id).toEqual(expect.arrayContaining(['ROSTERS_TABLE', 'NOTIFICATIONS_TABLE']));
  });

  it('gives each handler exactly the tables of its manifest entry (plus SMS needs)', () => {
    for (const [name, spec] of Object.entries({ ...workflowTasks, ...consultationTasks })) {
      const file = spec.file.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
      const fn = fns.find(([id]) => id.startsWith(`${file}Function`))?.[1];
      expect(fn, name).toBeDefined();
      const tables = envOf(fn?.Properties ?? {}).filter((k) => k.endsWith('_TABLE')).map((k) => k.replace('_TABLE', '').toLowerCase());
      const expected = new Set([...Object.keys(spec.tables), ...('sms' in spec && spec.sms ? ['rosters', 'notifications'] : [])]);
      expect(new Set(tables), name).toEqual(expected);
    }
  });
});

describe('the API stack', () => {
  it('has a route per manifest entry', () => {
    for (const route of apiRoutes) {
      api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
    }
  });

  it('lets only a new referral, a placement again or a corrected decision start the referral workflow, and only a HAP request starts consultations', () => {
    const startersOf = (machinePrefix: string) =>
      Object.entries(api.findResources('AWS::IAM::Policy'))
        .filter(([, p]) => (p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>).some(
          (s) => JSON.stringify(s.Action).includes('states:StartExecution') && JSON.stringify(s.Resource).includes(machinePrefix),
        ))
        .map(([id]) => id);
    expect(startersOf('ReferralWorkflow').sort()).toEqual([expect.stringMatching(/^CorrectDecision/), expect.stringMatching(/^CreateReferral/), expect.stringMatching(/^PlaceAgain/)]);
    expect(startersOf('ConsultationWorkflow')).toEqual([expect.stringMatching(/^RequestSoConsultationByHap/)]);
  });
});

describe('the web stack: the web app and the API under one domain, as SMS links expect', () => {
  const web = Template.fromStack(built.web);
  const distribution = () => resources(web, 'AWS::CloudFront::Distribution')[0]?.Properties.DistributionConfig;
  // The CloudFront function, run as CloudFront would: a viewer request in, a request out.
  const rewrite = (uri: string): string => {
    const handler = new Function(`${pageRewriteCode()}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    return handler({ request: { uri } }).uri;
  };
  const matches = (pattern: string, path: string) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(path);

  it('sends every API route to the HTTP API, uncached and with all methods, and nothing of the app', () => {
    const behaviors = distribution().CacheBehaviors as Array<{ PathPattern: string; AllowedMethods: string[]; CachePolicyId: string; ViewerProtocolPolicy: string }>;
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns());
    for (const route of apiRoutes) {
      const concrete = route.path.replace(/\{\w+\}/g, 'x1');
      expect(apiPathPatterns().some((p) => matches(p, concrete)), route.path).toBe(true);
    }
    for (const page of ['/', '/bedden', '/telefoons', '/casus/VT-7K2M9Q', '/app.js', '/styles.css']) {
      expect(apiPathPatterns().some((p) => matches(p, page)), page).toBe(false);
    }
    for (const b of behaviors) {
      expect(b.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT']));
      expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
      expect(b.ViewerProtocolPolicy).toBe('https-only');
    }
    // Every viewer header but Host reaches the API: Authorization (the sign-in), X-Break-Glass-Reason,
    // and CloudFront's viewer address for the access log. Host does not (API Gateway needs its own).
    // An origin request policy may not name Authorization; this managed one forwards it when caching is off.
    web.resourceCountIs('AWS::CloudFront::OriginRequestPolicy', 0);
    for (const b of behaviors) expect((b as unknown as { OriginRequestPolicyId: unknown }).OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    const apiOrigin = (distribution().Origins as Array<{ Id: string; CustomOriginConfig?: unknown; DomainName: unknown }>).find((o) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin?.DomainName)).toMatch(/HttpApi/);
  });

  it('serves web/ from a private bucket, only through CloudFront', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(distribution()).toMatchObject({ DefaultRootObject: 'index.html', DefaultCacheBehavior: expect.objectContaining({ ViewerProtocolPolicy: 'redirect-to-https' }) });
    web.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });

  it('loads index.html for the app routes, as the local server does, and leaves files alone', () => {
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/casus/VT-7K2M9Q')).toBe('/index.html');
    expect(rewrite('/bedden')).toBe('/index.html');
    expect(rewrite('/app.js')).toBe('/app.js');
    expect(rewrite('/styles.css')).toBe('/styles.css');
    const fn = resources(web, 'AWS::CloudFront::Function')[0];
    expect(fn?.Properties.FunctionCode).toBe(pageRewriteCode());
  });
});

describe('signing in: Cognito, its groups as roles, and the JWT authorizer', () => {
  const pool = () => resources(identity, 'AWS::Cognito::UserPool')[0] as Resource;
  const client = () => resources(identity, 'AWS::Cognito::UserPoolClient')[0]?.Properties ?? {};

  it('has one group per role, and no one signs themselves up', () => {
    const groups = resources(identity, 'AWS::Cognito::UserPoolGroup').map((g) => g.Properties.GroupName as string);
    expect(groups.sort()).toEqual([...roles].sort());
    expect(groups).toEqual(expect.arrayContaining(['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator', 'privacy_officer']));
    expect(pool().Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
  });

  it('knows each person by name, phone, and the region, facility and district they work in', () => {
    const schema = pool().Properties.Schema as Array<{ Name: string; Required?: boolean; Mutable?: boolean; AttributeDataType?: string }>;
    expect(schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'name', Required: true }), expect.objectContaining({ Name: 'phone_number' })]));
    for (const name of ['region', 'facility', 'district']) {
      expect(schema, name).toContainEqual(expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }));
    }
  });

  it('asks a strong password, offers an authenticator app, and keeps the pool on delete', () => {
    const props = pool().Properties;
    expect(props.Policies.PasswordPolicy).toMatchObject({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
    expect(props.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(props.MfaConfiguration).toBe('ON');
    expect(props.EnabledMfas).toContain('SOFTWARE_TOKEN_MFA');
    expect(props.DeletionProtection).toBe('ACTIVE');
    expect(pool().DeletionPolicy).toBe('Retain');
  });

  it('lets the web app sign in with the code grant and PKCE: a public client, back to /aanmelden', () => {
    const c = client();
    expect(c.GenerateSecret).toBe(false);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect([...c.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'phone', 'profile']);
    expect(c.CallbackURLs).toEqual(['https://verkeerstoren.example.nl/aanmelden']);
    expect(c.LogoutURLs).toEqual(['https://verkeerstoren.example.nl/']);
    // Only the hosted sign-in: no passwords through the browser's own API calls.
    expect(c.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('puts the region, facility and district in the ID token, and never lets a person change them', () => {
    const c = client();
    expect(c.ReadAttributes).toEqual(expect.arrayContaining(['custom:region', 'custom:facility', 'custom:district', 'name', 'phone_number']));
    expect((c.WriteAttributes as string[]).filter((a) => a.startsWith('custom:'))).toEqual([]);
  });

  it('takes the web origin from context webOrigin, else publicBaseUrl, and the domain prefix from authDomainPrefix', () => {
    identity.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'verkeerstoren-rotterdam' });
    const other = buildApp({ context: { 'aws:cdk:bundling-stacks': [], webOrigin: 'https://app.zorg.example.nl/', authDomainPrefix: 'vt-test' } });
    const t = Template.fromStack(other.identity);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://app.zorg.example.nl/aanmelden'], LogoutURLs: ['https://app.zorg.example.nl/'] });
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'vt-test' });
  });

  it('checks every route for a token of the user pool, except the SMS answer link', () => {
    const authorizers = Object.entries(api.findResources('AWS::ApiGatewayV2::Authorizer')) as Array<[string, Resource]>;
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const jwt = JSON.stringify(authorizer.Properties.JwtConfiguration);
    // The stacks are pinned to an EU region (cdk.json awsRegion): the issuer names it.
    expect(jwt).toMatch(/https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\/.*IdentityUsers/);
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toMatch(/IdentityUsersWeb/);
    const routes = resources(api, 'AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(apiRoutes.length);
    for (const route of routes) {
      const key = route.Properties.RouteKey as string;
      if (key === 'GET /c/{token}' || key === 'POST /c/{token}') {
        expect(route.Properties.AuthorizationType, key).toBe('NONE');
        expect(route.Properties.AuthorizerId, key).toBeUndefined();
      } else {
        expect(route.Properties.AuthorizationType, key).toBe('JWT');
        expect(route.Properties.AuthorizerId, key).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('has no /local route in any stack: the local sign-in and outbox never reach AWS', () => {
    for (const { name, template } of everyStack()) {
      for (const route of resources(template, 'AWS::ApiGatewayV2::Route')) {
        const path = String(route.Properties.RouteKey).split(' ')[1] ?? '';
        expect(path === '/local' || path.startsWith('/local/'), `${name}: ${route.Properties.RouteKey}`).toBe(false);
      }
    }
  });

  it('tells every function who issues the tokens and for which client, so it can verify them itself', () => {
    const fns = [...resources(workflow, 'AWS::Lambda::Function'), ...resources(api, 'AWS::Lambda::Function')];
    for (const fn of fns) {
      const env = fn.Properties.Environment.Variables;
      expect(JSON.stringify(env.AUTH_ISSUER)).toMatch(/cognito-idp.*IdentityUsers/);
      expect(JSON.stringify(env.AUTH_AUDIENCE)).toMatch(/IdentityUsersWeb/);
    }
  });
});

describe('the access log (NEN 7513): append-only, pseudonymous, exported under lock', () => {
  const auditTable = () => data.findResources('AWS::DynamoDB::Table')[auditTableRef] as Resource;

  it("denies changing or deleting entries to everyone, in the audit table's own policy", () => {
    const statements = auditTable().Properties.ResourcePolicy.PolicyDocument.Statement as Statement[];
    const deny = statements.find((s) => s.Effect === 'Deny');
    expect(deny?.Principal).toEqual({ AWS: '*' });
    expect(actionsOf(deny as Statement)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    // Item actions only: CloudFormation can still manage the table, and the export still reads it.
    for (const a of actionsOf(deny as Statement)) expect(a).toMatch(/^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete)$/);
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  it('keeps the two access-log indexes (by patient, flagged) for the privacy officer', () => {
    const names = (auditTable().Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map((i) => i.IndexName);
    expect(names.sort()).toEqual(['byPatient', 'flagged']);
  });

  it('exports the audit table every night to a bucket with Object Lock, 5 years in compliance mode', () => {
    const buckets = resources(data, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(1);
    const bucket = buckets[0] as Resource;
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1825 } } });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(bucket.DeletionPolicy).toBe('Retain');
    // Only over TLS.
    const bucketPolicy = JSON.stringify(resources(data, 'AWS::S3::BucketPolicy')[0]?.Properties.PolicyDocument);
    expect(bucketPolicy).toMatch(/"aws:SecureTransport":"false"/);

    const schedules = resources(data, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const schedule = schedules[0]?.Properties ?? {};
    expect(schedule.ScheduleExpression).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/); // once a day
    expect(schedule.State).toBe('ENABLED');
    expect(JSON.stringify(schedule.Target.Arn)).toContain(':scheduler:::aws-sdk:dynamodb:exportTableToPointInTime');
    const input = JSON.stringify(schedule.Target.Input);
    expect(input).toContain(auditTableRef);
    expect(input).toContain(Object.keys(data.findResources('AWS::S3::Bucket'))[0]);
    expect(input).toContain('DYNAMODB_JSON');
    expect(auditTable().Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('lets the export role export that table and write to that bucket, nothing more', () => {
    const schedule = resources(data, 'AWS::Scheduler::Schedule')[0]?.Properties ?? {};
    const roleId = (schedule.Target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = data.findResources('AWS::IAM::Role')[roleId] as Resource;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    const statements = resources(data, 'AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(auditTableRef));
    expect(onTable.map(actionsOf)).toEqual([['dynamodb:ExportTableToPointInTime']]);
    const onBucket = statements.filter((s) => JSON.stringify(s.Resource).includes('AuditArchiveExports'));
    expect(onBucket.flatMap(actionsOf).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectAcl']);
    expect(statements.flatMap(actionsOf).some((a) => /^s3:(Delete|PutBucket|PutObjectRetention|BypassGovernance)/.test(a))).toBe(false);
    for (const s of statements) expect([s.Resource].flat()).not.toContain('*');
  });

  it('reads the retention from context auditRetentionDays', () => {
    const other = buildApp({ context: { 'aws:cdk:bundling-stacks': [], auditRetentionDays: '3650' } });
    Template.fromStack(other.data).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
  });

  it('keeps the patient key (48 random characters, customer-managed key) on delete', () => {
    const secrets = resources(data, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const secret = secrets[0] as Resource;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
    expect(secret.Properties.GenerateSecretString.SecretStringTemplate).toBeUndefined();
    expect(JSON.stringify(secret.Properties.KmsKeyId)).toMatch(/PatientDataKey/);
    expect(secret.DeletionPolicy).toBe('Retain');
  });

  it('gives the patient key to every function that appends to the access log, and to no other', () => {
    const secretRef = Object.keys(data.findResources('AWS::SecretsManager::Secret'))[0] as string;
    let withAudit = 0;
    for (const t of [workflow, api]) {
      for (const [id, fn] of Object.entries(t.findResources('AWS::Lambda::Function')) as Array<[string, Resource]>) {
        const env = fn.Properties.Environment.Variables;
        const readsSecret = statementsOfFunction(t, fn).some((s) => actionsOf(s).includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(secretRef));
        if (env.AUDIT_TABLE) {
          withAudit++;
          expect(JSON.stringify(env.PATIENT_KEY_SECRET_ARN), id).toContain(secretRef);
          expect(readsSecret, id).toBe(true);
        } else {
          expect(env.PATIENT_KEY_SECRET_ARN, id).toBeUndefined();
          expect(readsSecret, id).toBe(false);
        }
      }
    }
    expect(withAudit).toBeGreaterThanOrEqual(10);
  });
});

describe('the web app signs in through Cognito', () => {
  const web = Template.fromStack(built.web);
  const deployment = () => resources(web, 'Custom::CDKBucketDeployment')[0]?.Properties ?? {};

  it('publishes the sign-in (hosted domain, client id) as /auth-config.json next to the app', () => {
    // web/, /auth-config.json and each browser library (Chart.js) from node_modules.
    expect(deployment().SourceObjectKeys).toHaveLength(2 + Object.keys(vendorFiles).length);
    const markers = JSON.stringify(deployment().SourceMarkers);
    expect(markers).toMatch(/IdentityUsersHosted/); // the domain prefix
    expect(markers).toMatch(/IdentityUsersWeb/); // the client id
    expect(authConfigPath).toBe('/auth-config.json');
  });

  it('serves /auth-config.json and /aanmelden from the bucket, never the API', () => {
    const matches = (pattern: string, path: string) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(path);
    for (const path of [authConfigPath, '/aanmelden']) expect(apiPathPatterns().filter((p) => matches(p, path)), path).toEqual([]);
  });
});
