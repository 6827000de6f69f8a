import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Aspects, CfnResource, type App, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../infra/build-app';
import { euRegions } from '../../infra/deploy-guards';
import { apiThrottle, originVerifyHeader, originVerifySecretEnvVar } from '../../infra/stacks/api-stack';
import { requestsPerIpPer5Minutes } from '../../infra/stacks/edge-stack';

// Bundling skipped: these tests read the templates, not the Lambda code.
const build = (context: Record<string, unknown> = {}) => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
const built = build();
const allStacks = (b: ReturnType<typeof buildApp>): Stack[] => [b.identity, b.data, b.workflow, b.api, b.web, b.edge];
const workflow = Template.fromStack(built.workflow);
const api = Template.fromStack(built.api);
const web = Template.fromStack(built.web);
const edge = Template.fromStack(built.edge);
const data = Template.fromStack(built.data);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (t: Template, type: string): Array<[string, Resource]> => Object.entries(t.findResources(type)) as Array<[string, Resource]>;
/** The manifest's Lambdas (CDK's own helpers, such as the cross-region export reader, are not among them). */
const handlerFunctions = (t: Template) => resources(t, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.REGION_NAME);
const policiesOfRole = (t: Template, roleId: string) =>
  resources(t, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }>);
const roleOf = (fn: Resource) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const distribution = () => resources(web, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig;

/** Every AwsSolutions error and warning cdk-nag reports for the app, as `path: message`. */
function nagFindings(app: App, stacks: Stack[]): string[] {
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stacks.flatMap((stack) => {
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))].map(
      (m) => `${m.id}: ${String(m.entry.data).split('\n')[0]}`,
    );
  });
}

describe('cdk-nag: the AwsSolutions pack runs over every stack', () => {
  it('finds nothing that is not fixed or accepted with a reason', () => {
    const checked = build();
    expect(nagFindings(checked.app, allStacks(checked))).toEqual([]);
    // Each acceptance says why, in words (infra/nag-suppressions.ts), not just which rule.
    const suppressions = allStacks(checked).flatMap((stack) =>
      stack.node
        .findAll()
        .filter((c): c is CfnResource => c instanceof CfnResource)
        .flatMap((r) => ((r.getMetadata('cdk_nag') as { rules_to_suppress?: Array<{ id: string; reason: string }> } | undefined)?.rules_to_suppress ?? []).map((s) => ({ path: r.node.path, ...s }))),
    );
    expect(suppressions.length).toBeGreaterThan(50);
    for (const s of suppressions) {
      expect(s.reason.length, `${s.path} ${s.id}`).toBeGreaterThanOrEqual(40);
      expect(s.reason, `${s.path} ${s.id}`).not.toMatch(/^(todo|n\/a|suppress(ed)?|ok)\b/i);
    }
  });

  it('fails on a new finding: a bucket added without TLS, logging or encryption settings is reported', () => {
    const checked = build();
    new s3.Bucket(checked.data, 'Careless');
    const findings = nagFindings(checked.app, [checked.data]);
    expect(findings.some((f) => f.includes('/Careless/') && f.includes('AwsSolutions-S10:'))).toBe(true); // no TLS enforcement
    expect(findings.some((f) => f.includes('/Careless/') && f.includes('AwsSolutions-S1:'))).toBe(true); // no access logs
  });

  it('lets only sns:Publish (SMS to a phone number) onto Resource * in a function policy', () => {
    for (const t of [workflow, api]) {
      for (const [id, fn] of handlerFunctions(t)) {
        for (const s of policiesOfRole(t, roleOf(fn)).filter((st) => st.Effect === 'Allow' && [st.Resource].flat().includes('*'))) {
          expect([s.Action].flat(), id).toEqual(['sns:Publish']);
        }
      }
    }
  });
});

describe('the state machines are encrypted with the customer-managed data key', () => {
  const dataKeyExport = /Verkeerstoren-Data:ExportsOutputFnGetAttTablesPatientDataKey/;
  const machines = resources(workflow, 'AWS::StepFunctions::StateMachine');

  it('encrypts both workflows, their definitions and execution history, with the key of the tables', () => {
    expect(machines).toHaveLength(2);
    for (const [id, machine] of machines) {
      expect(machine.Properties.EncryptionConfiguration, id).toMatchObject({ Type: 'CUSTOMER_MANAGED_KMS_KEY' });
      expect(JSON.stringify(machine.Properties.EncryptionConfiguration.KmsKeyId), id).toMatch(dataKeyExport);
    }
  });

  it("lets each workflow's role use the key for state machines of this account and region only", () => {
    for (const [id, machine] of machines) {
      const roleId = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const usable = policiesOfRole(workflow, roleId).filter(
        (s) => JSON.stringify(s.Action).includes('kms:Decrypt') && JSON.stringify(s.Condition ?? {}).includes('stateMachine:*'),
      );
      expect(usable, id).toHaveLength(1);
      expect([usable[0]?.Action].flat().sort(), id).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(JSON.stringify(usable[0]?.Resource), id).toMatch(dataKeyExport);
      expect(JSON.stringify(usable[0]?.Condition), id).toMatch(/StringLike.*kms:EncryptionContext:aws:states:stateMachineArn.*:states:eu-central-1:.*:stateMachine:\*/);
    }
  });

  it('lets CloudWatch log delivery decrypt with the key, so the workflow logs still arrive', () => {
    const key = resources(data, 'AWS::KMS::Key')[0]?.[1];
    const statements = key?.Properties.KeyPolicy.Statement as Array<{ Principal?: { Service?: string }; Action: string | string[] }>;
    expect(statements.some((s) => s.Principal?.Service === 'delivery.logs.amazonaws.com' && JSON.stringify(s.Action).includes('kms:Decrypt'))).toBe(true);
  });

  it('gives the key to every function that starts, answers or describes an execution, which encrypts as the caller', () => {
    let callers = 0;
    for (const t of [workflow, api]) {
      for (const [id, fn] of handlerFunctions(t)) {
        const statements = policiesOfRole(t, roleOf(fn));
        const callsStates = statements.some((s) => /states:(StartExecution|SendTask|DescribeExecution)/.test(JSON.stringify(s.Action)));
        if (!callsStates) continue;
        callers++;
        const onKey = statements.filter((s) => dataKeyExport.test(JSON.stringify(s.Resource))).flatMap((s) => [s.Action].flat());
        expect(onKey, id).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
      }
    }
    // The API's starters and answerers, the referral workflow's consultation starter, the sweep of stuck cases.
    expect(callers).toBeGreaterThanOrEqual(7);
  });
});

describe('throttling: the API, a WAF rate rule on CloudFront, reserved concurrency for new referrals', () => {
  it(`throttles the API's default stage at ${apiThrottle.rateLimit} requests/s, bursts of ${apiThrottle.burstLimit}, and logs it without paths`, () => {
    const [, stage] = resources(api, 'AWS::ApiGatewayV2::Stage')[0] as [string, Resource];
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: apiThrottle.rateLimit, ThrottlingBurstLimit: apiThrottle.burstLimit });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(Object.values(format)).toContain('$context.routeKey');
    // Paths carry case ids and answer-link tokens: the route template only.
    expect(JSON.stringify(format)).not.toMatch(/\$context\.(path|identity)/);
    expect(JSON.stringify(stage.Properties.AccessLogSettings.DestinationArn)).toMatch(/AccessLog/);
  });

  it('reserves 20 executions for POST /referrals, and only for it; context referralConcurrency changes it', () => {
    const reserved = handlerFunctions(api).filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined);
    expect(reserved.map(([id, fn]) => [id.replace(/Fn\w+$/, ''), fn.Properties.ReservedConcurrentExecutions])).toEqual([['CreateReferral', 20]]);
    const other = Template.fromStack(build({ referralConcurrency: '5' }).api);
    other.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 5 });
    expect(() => build({ referralConcurrency: 'veel' })).toThrow(/referralConcurrency/);
  });

  it(`blocks an address after ${requestsPerIpPer5Minutes} requests in 5 minutes, and runs the AWS common rule set, in us-east-1`, () => {
    expect(built.edge.region).toBe('us-east-1');
    const [, acl] = resources(edge, 'AWS::WAFv2::WebACL')[0] as [string, Resource];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Properties.Rules as Array<{ Name: string; Action?: unknown; OverrideAction?: unknown; Statement: Record<string, any> }>;
    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate?.Statement.RateBasedStatement).toEqual({ Limit: 1000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(rate?.Action).toEqual({ Block: {} });
    const managed = rules.find((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed?.Statement.ManagedRuleGroupStatement).toEqual({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' });
    expect(managed?.OverrideAction).toEqual({ None: {} });
  });

  it('puts the web ACL on the distribution (a cross-region reference from the edge stack)', () => {
    expect(JSON.stringify(distribution().WebACLId)).toMatch(/ExportsReader.*VerkeerstorenEdgeuseast1.*WebAclArn/);
  });
});

describe('CloudFront is the only way in: a secret origin header that the API checks', () => {
  const apiOrigin = () => (distribution().Origins as Array<{ CustomOriginConfig?: unknown; OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }> }>).find((o) => o.CustomOriginConfig);
  const secretRef = () => resources(api, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('OriginVerify'))?.[0] as string;

  it(`adds ${originVerifyHeader} to every request to the API, as a dynamic reference to the secret, never its value`, () => {
    const headers = apiOrigin()?.OriginCustomHeaders ?? [];
    expect(headers.map((h) => h.HeaderName)).toEqual([originVerifyHeader]);
    const value = JSON.stringify(headers[0]?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(`Verkeerstoren-Api:ExportsOutputRef${secretRef()}`);
    expect(value).toContain(':SecretString:::}}');
  });

  it('generates the secret as 48 letters and digits (a valid header value)', () => {
    const secret = api.toJSON().Resources[secretRef()] as Resource;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false });
  });

  it(`tells every API function where the secret is (${originVerifySecretEnvVar}) and lets it read it; no workflow function`, () => {
    const fns = handlerFunctions(api);
    expect(fns.length).toBeGreaterThanOrEqual(10);
    for (const [id, fn] of fns) {
      expect(fn.Properties.Environment.Variables[originVerifySecretEnvVar], id).toEqual({ Ref: secretRef() });
      const reads = policiesOfRole(api, roleOf(fn)).some((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(secretRef()));
      expect(reads, id).toBe(true);
    }
    for (const [id, fn] of handlerFunctions(workflow)) expect(fn.Properties.Environment.Variables[originVerifySecretEnvVar], id).toBeUndefined();
  });
});

describe('every stack that holds data is pinned to an EU region', () => {
  it('puts identity, data, workflow, API and web in eu-central-1 by default (cdk.json awsRegion), and only the data-free edge stack in us-east-1', () => {
    for (const stack of [built.identity, built.data, built.workflow, built.api, built.web]) expect(stack.region, stack.stackName).toBe('eu-central-1');
    // The web ACL, and CDK's writer of its ARN for the web stack (an SSM parameter in the EU region).
    const edgeTypes = new Set(Object.values(edge.toJSON().Resources as Record<string, Resource>).map((r) => r.Type).filter((t) => t !== 'AWS::CDK::Metadata'));
    expect([...edgeTypes].sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::WAFv2::WebACL', 'Custom::CrossRegionExportWriter']);
  });

  it('moves them with -c awsRegion to another EU region', () => {
    const other = build({ awsRegion: 'eu-west-1' });
    for (const stack of [other.identity, other.data, other.workflow, other.api, other.web]) expect(stack.region, stack.stackName).toBe('eu-west-1');
    expect(euRegions).toContain('eu-west-1');
  });

  it('refuses a region outside the EU, London and Zurich included', () => {
    for (const region of ['us-east-1', 'eu-west-2', 'eu-central-2', 'ap-southeast-1']) {
      expect(() => build({ awsRegion: region }), region).toThrow(new RegExp(`awsRegion ${region} is not an AWS region in the EU`));
    }
  });
});

describe('a production deploy refuses the placeholders of cdk.json', () => {
  const real = { publicBaseUrl: 'https://verkeerstoren.zorgregio-rotterdam.nl', callbackPhone: '+31104000000' };

  it('refuses -c stage=production with the example host and placeholder number of cdk.json, naming each key', () => {
    expect(() => build({ stage: 'production' })).toThrow(/production deploy refused: publicBaseUrl is a placeholder host .*example\.nl.*webOrigin.*callbackPhone is the placeholder number/);
  });

  it('refuses an example., localhost or plain-http webOrigin, and an example. alert address', () => {
    expect(() => build({ stage: 'production', ...real, webOrigin: 'https://app.example.com' })).toThrow(/webOrigin is a placeholder host/);
    expect(() => build({ stage: 'production', ...real, webOrigin: 'http://localhost:3000' })).toThrow(/webOrigin is a placeholder host/);
    expect(() => build({ stage: 'production', ...real, webOrigin: 'http://app.zorgregio-rotterdam.nl' })).toThrow(/webOrigin must use https/);
    expect(() => build({ stage: 'production', ...real, alertEmail: 'storingen@example.nl' })).toThrow(/alertEmail is a placeholder address/);
    expect(() => build({ stage: 'prod', ...real })).toThrow(/did you mean -c stage=production/);
  });

  it("synthesizes a production deploy with the region's real values", () => {
    const prod = build({ stage: 'production', ...real, alertEmail: 'storingen@zorgregio-rotterdam.nl' });
    const fn = handlerFunctions(Template.fromStack(prod.api))[0]?.[1];
    expect(fn?.Properties.Environment.Variables).toMatchObject({ PUBLIC_BASE_URL: real.publicBaseUrl, CALLBACK_PHONE: real.callbackPhone });
  });

  it('keeps synthesizing with the placeholders for tests and the local stack (no stage)', () => {
    expect(handlerFunctions(api)[0]?.[1].Properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://verkeerstoren.example.nl');
  });
});

describe('a content security policy and security headers on the web app', () => {
  const policyOf = (behavior: { ResponseHeadersPolicyId: { Ref: string } }) => (web.toJSON().Resources[behavior.ResponseHeadersPolicyId.Ref] as Resource).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

  it('serves the app with a strict CSP, HSTS, nosniff, no referrer and no framing', () => {
    const headers = policyOf(distribution().DefaultCacheBehavior);
    expect(headers.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy:
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://*.amazoncognito.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https://*.amazoncognito.com",
      Override: true,
    });
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  it("gives the API's answers the same headers, with a CSP for its one page (the answer link: an inline style and a form to itself)", () => {
    for (const behavior of distribution().CacheBehaviors) {
      const headers = policyOf(behavior);
      expect(headers.ContentSecurityPolicy.ContentSecurityPolicy, behavior.PathPattern).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
      expect(headers.FrameOptions.FrameOption).toBe('DENY');
    }
  });

  it('has no inline script or style in the HTML the CSP would block', () => {
    const html = readdirSync(new URL('../../web/', import.meta.url)).filter((f) => f.endsWith('.html'));
    expect(html).toContain('index.html');
    for (const file of html) {
      const text = readFileSync(new URL(`../../web/${file}`, import.meta.url), 'utf8');
      expect(text.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [], file).toEqual([]);
      expect(text.match(/<style\b|\sstyle=|\son[a-z]+=/gi) ?? [], file).toEqual([]);
    }
  });
});

describe('cases are kept only as long as needed', () => {
  it('tells every function the retention: 400 days unless context caseRetentionDays says otherwise', () => {
    for (const t of [workflow, api]) for (const [id, fn] of handlerFunctions(t)) expect(fn.Properties.Environment.Variables.CASE_RETENTION_DAYS, id).toBe('400');
    const longer = build({ caseRetentionDays: '730' });
    for (const [id, fn] of handlerFunctions(Template.fromStack(longer.workflow))) expect(fn.Properties.Environment.Variables.CASE_RETENTION_DAYS, id).toBe('730');
    for (const bad of ['0', '12.5', 'altijd']) expect(() => build({ caseRetentionDays: bad }), bad).toThrow(/caseRetentionDays must be a whole number of days/);
  });
});

describe('stay clocks can be shortened for tests and demos', () => {
  it('tells every function the length of a stay day: 86400 s unless context stayDaySeconds says otherwise', () => {
    for (const t of [workflow, api]) for (const [id, fn] of handlerFunctions(t)) expect(fn.Properties.Environment.Variables.STAY_DAY_SECONDS, id).toBe('86400');
    const shorter = build({ stayDaySeconds: '10' });
    for (const [id, fn] of handlerFunctions(Template.fromStack(shorter.api))) expect(fn.Properties.Environment.Variables.STAY_DAY_SECONDS, id).toBe('10');
    for (const bad of ['0', '1.5', 'dag']) expect(() => build({ stayDaySeconds: bad }), bad).toThrow(/stayDaySeconds must be a whole number of seconds/);
  });
});
