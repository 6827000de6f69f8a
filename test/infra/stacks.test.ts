import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { apiPathPatterns, pageRewriteCode } from '../../infra/stacks/web-stack';
import { tables } from '../../functions/data/tables';
import { apiRoutes, consultationTasks, scheduledJobs, workflowTasks } from '../../functions/manifest';

// Bundling skipped: these tests read the templates, not the Lambda code.
const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
const data = Template.fromStack(built.data);
const workflow = Template.fromStack(built.workflow);
const api = Template.fromStack(built.api);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (t: Template, type: string): Resource[] => Object.values(t.findResources(type)) as Resource[];

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
    const auditTableRef = Object.keys(data.findResources('AWS::DynamoDB::Table')).find((id) => id.includes('Audit'));
    expect(auditTableRef).toBeDefined();
    const statements = [...resources(workflow, 'AWS::IAM::Policy'), ...resources(api, 'AWS::IAM::Policy')].flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    const onAudit = statements.filter((s) => JSON.stringify(s.Resource).includes(auditTableRef as string));
    expect(onAudit.length).toBeGreaterThan(0);
    for (const s of onAudit) expect([s.Action].flat()).toEqual(['dynamodb:PutItem']);
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

  it('holds a bed for 2 hours by default', () => {
    const machine = Object.entries(workflow.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => id.startsWith('ReferralWorkflow'))?.[1];
    expect(JSON.stringify(machine?.Properties.DefinitionString)).toMatch(/AwaitAdmission.{0,900}TimeoutSeconds\\":7200/);
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

  it('runs each scheduled job of the manifest on its rate, with its input, on its own Lambda', () => {
    for (const [name, job] of Object.entries(scheduledJobs)) {
      const rule = ruleOf(name);
      expect(rule, name).toBeDefined();
      expect(rule?.Properties.ScheduleExpression).toBe(`rate(${job.everyMinutes} minutes)`);
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

  it('lets only a new referral or a placement again start the referral workflow, and only a HAP request starts consultations', () => {
    const startersOf = (machinePrefix: string) =>
      Object.entries(api.findResources('AWS::IAM::Policy'))
        .filter(([, p]) => (p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>).some(
          (s) => JSON.stringify(s.Action).includes('states:StartExecution') && JSON.stringify(s.Resource).includes(machinePrefix),
        ))
        .map(([id]) => id);
    expect(startersOf('ReferralWorkflow').sort()).toEqual([expect.stringMatching(/^CreateReferral/), expect.stringMatching(/^PlaceAgain/)]);
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
    // The viewer's address reaches the API for the access log; Host does not (API Gateway needs its own).
    const policies = resources(web, 'AWS::CloudFront::OriginRequestPolicy');
    expect(policies).toHaveLength(1);
    const headers = policies[0]?.Properties.OriginRequestPolicyConfig.HeadersConfig;
    expect(headers.HeaderBehavior).toBe('whitelist');
    expect(headers.Headers).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'Content-Type']));
    expect(headers.Headers).not.toContain('Host');
    for (const b of behaviors) expect(JSON.stringify((b as unknown as { OriginRequestPolicyId: unknown }).OriginRequestPolicyId)).toMatch(/ApiRequests/);
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
