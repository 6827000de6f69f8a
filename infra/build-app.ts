import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Duration, Tags, type AppProps } from 'aws-cdk-lib';
import { currentTree } from '../functions/domain/triage/trees';
import { defaultConsultationTimeouts } from '../workflows/consultation-workflow';
import { defaultDistrictTimeouts } from '../workflows/home-confirmation';
import { defaultHoldTimeouts } from '../workflows/referral-workflow';
import { signInScopes } from './constructs/identity';
import { assertEuRegion, defaultAwsRegion, refusePlaceholders } from './deploy-guards';
import { acceptNagFindings } from './nag-suppressions';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { IdentityStack } from './stacks/identity-stack';
import { WebStack } from './stacks/web-stack';
import { WorkflowStack } from './stacks/workflow-stack';

export const stackNames = {
  identity: 'Verkeerstoren-Identity',
  data: 'Verkeerstoren-Data',
  workflow: 'Verkeerstoren-Workflow',
  api: 'Verkeerstoren-Api',
  web: 'Verkeerstoren-Web',
  edge: 'Verkeerstoren-Edge',
} as const;

const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../cdk.json', import.meta.url)), 'utf8')) as { context: Record<string, string> };

/** A context value: from -c or the CLI first, else cdk.json (which in-process synths don't read). */
function contextValue(app: App, key: string): string | undefined {
  return (app.node.tryGetContext(key) as string | undefined) ?? cdkJson.context[key];
}

/** The whole system as CDK stacks: used by `cdk synth`, the CDK tests and the local runtime. */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const region = contextValue(app, 'region') ?? 'rotterdam';
  // Set per region in cdk.json or with -c: where SMS links point, and the number texts give to call back.
  const publicBaseUrl = contextValue(app, 'publicBaseUrl');
  const callbackPhone = contextValue(app, 'callbackPhone');
  if (!publicBaseUrl || !callbackPhone) throw new Error('set the CDK context publicBaseUrl and callbackPhone (cdk.json or -c)');
  // Where the web app is (its sign-in page is the Cognito callback): -c webOrigin=https://…; the
  // SMS links' domain unless told otherwise. Never the distribution's own name: that would be a cycle.
  const webOrigin = new URL(contextValue(app, 'webOrigin') ?? publicBaseUrl).origin;
  // The Cognito hosted domain: https://<prefix>.auth.<aws region>.amazoncognito.com
  const authDomainPrefix = contextValue(app, 'authDomainPrefix') ?? `verkeerstoren-${region}`;
  // The AWS region of every stack (CloudFront's web ACL aside): in the EU, -c awsRegion=eu-west-1.
  const awsRegion = contextValue(app, 'awsRegion') ?? defaultAwsRegion;
  assertEuRegion(awsRegion);
  const env = { region: awsRegion };
  // -c stage=production: no placeholder of cdk.json goes out to real patients and phones.
  const stage = contextValue(app, 'stage');
  if (stage === 'production') refusePlaceholders({ publicBaseUrl, webOrigin, callbackPhone, alertEmail: contextValue(app, 'alertEmail') });
  else if (stage && /^prod/i.test(stage)) throw new Error(`stage ${stage}: did you mean -c stage=production?`);
  // Days a case is kept; then the anonymising job folds it into the figures (AVG: no longer than needed).
  const caseRetentionDays = Number(contextValue(app, 'caseRetentionDays') ?? 400);
  if (!Number.isInteger(caseRetentionDays) || caseRetentionDays < 1) throw new Error(`caseRetentionDays must be a whole number of days, not ${contextValue(app, 'caseRetentionDays')}`);
  // Executions reserved for POST /referrals (the account keeps at least 100 unreserved).
  const referralConcurrency = Number(contextValue(app, 'referralConcurrency') ?? 20);
  if (!Number.isInteger(referralConcurrency) || referralConcurrency < 1) throw new Error(`referralConcurrency must be a whole number, not ${contextValue(app, 'referralConcurrency')}`);
  // How long each nightly export of the access log stays locked: 5 years unless told.
  const auditRetentionDays = Number(contextValue(app, 'auditRetentionDays') ?? 1825);
  if (!Number.isInteger(auditRetentionDays) || auditRetentionDays < 1) throw new Error(`auditRetentionDays must be a whole number of days, not ${contextValue(app, 'auditRetentionDays')}`);
  // How long a "day" of the stay clocks lasts (issue 11): -c stayDaySeconds=60 makes a 9-day REO stay 9 minutes, for tests and demos.
  const stayDaySeconds = Number(contextValue(app, 'stayDaySeconds') ?? 86400);
  if (!Number.isInteger(stayDaySeconds) || stayDaySeconds < 1) throw new Error(`stayDaySeconds must be a whole number of seconds, not ${contextValue(app, 'stayDaySeconds')}`);
  const averageHospitalStayDays = contextValue(app, 'averageHospitalStayDays');
  if (averageHospitalStayDays !== undefined && !(Number(averageHospitalStayDays) > 0)) throw new Error(`averageHospitalStayDays must be a positive number of days, not ${averageHospitalStayDays}`);
  const identity = new IdentityStack(app, stackNames.identity, {
    description: 'Verkeerstoren: aanmelden (Cognito), rollen als groepen',
    env,
    webOrigin,
    domainPrefix: authDomainPrefix,
  });
  const environment = {
    REGION_NAME: region,
    PUBLIC_BASE_URL: publicBaseUrl,
    CALLBACK_PHONE: callbackPhone,
    CASE_RETENTION_DAYS: String(caseRetentionDays),
    STAY_DAY_SECONDS: String(stayDaySeconds),
    // The figures' hospital bed-days avoided: -c averageHospitalStayDays=5.5 (default: the assumption in functions/domain/outcomes.ts).
    ...(averageHospitalStayDays ? { AVERAGE_HOSPITAL_STAY_DAYS: averageHospitalStayDays } : {}),
    // Every handler verifies the sign-in itself too (aws-jwt-verify, the issuer's key set).
    AUTH_ISSUER: identity.identity.issuer,
    AUTH_AUDIENCE: identity.identity.webClient.userPoolClientId,
  };
  // How long a held bed waits for the facility, by urgency: U2 1 h, U3 2 h, U4/U5 4 h
  // (cdk synth -c holdTimeouts='{"U2":3600,"U3":7200,"U4":14400}'); -c holdTimeoutSeconds=N
  // sets every urgency to N (the local runtime shortens it for demos and tests).
  const rawHolds = app.node.tryGetContext('holdTimeouts') as string | Record<string, number> | undefined;
  const oneHold = app.node.tryGetContext('holdTimeoutSeconds') as string | number | undefined;
  const holds = oneHold !== undefined
    ? { U2: Number(oneHold), U3: Number(oneHold), U4: Number(oneHold) }
    : { ...defaultHoldTimeouts, ...(typeof rawHolds === 'string' ? JSON.parse(rawHolds) : rawHolds) };
  const holdTimeout = { U2: Duration.seconds(holds.U2), U3: Duration.seconds(holds.U3), U4: Duration.seconds(holds.U4) };
  // cdk synth -c consultationTimeouts='{"U2":900,"U3":3600,"U4":14400}'
  const rawTimeouts = app.node.tryGetContext('consultationTimeouts') as string | Record<string, number> | undefined;
  const timeouts = { ...defaultConsultationTimeouts, ...(typeof rawTimeouts === 'string' ? JSON.parse(rawTimeouts) : rawTimeouts) };
  const consultationTimeouts = { U2: Duration.seconds(timeouts.U2), U3: Duration.seconds(timeouts.U3), U4: Duration.seconds(timeouts.U4) };
  // How long each contact of the district (or FACT-VVT) team has to confirm a home decision:
  // U2 30 min, U3 2 h, U4/U5 8 h (cdk synth -c districtTimeouts='{"U2":1800,"U3":7200,"U4":28800}');
  // -c districtTimeoutSeconds=N sets every urgency to N (npm start -- --district-timeout N).
  const rawDistrict = app.node.tryGetContext('districtTimeouts') as string | Record<string, number> | undefined;
  const oneDistrict = app.node.tryGetContext('districtTimeoutSeconds') as string | number | undefined;
  const district: Record<'U2' | 'U3' | 'U4', number> = oneDistrict !== undefined
    ? { U2: Number(oneDistrict), U3: Number(oneDistrict), U4: Number(oneDistrict) }
    : { ...defaultDistrictTimeouts, ...(typeof rawDistrict === 'string' ? JSON.parse(rawDistrict) : rawDistrict) };
  for (const [u, n] of Object.entries(district)) if (!(Number.isInteger(n) && n > 0)) throw new Error(`districtTimeouts.${u} must be a whole number of seconds, not ${n}`);
  const districtTimeouts = { U2: Duration.seconds(district.U2), U3: Duration.seconds(district.U3), U4: Duration.seconds(district.U4) };
  // cdk deploy -c stuckAfterSeconds=600: how long a case may stand still, its execution gone, before the sweep acts.
  const rawStuckAfter = app.node.tryGetContext('stuckAfterSeconds') as string | number | undefined;
  const stuckAfterSeconds = rawStuckAfter === undefined ? undefined : Number(rawStuckAfter);
  if (stuckAfterSeconds !== undefined && !(Number.isInteger(stuckAfterSeconds) && stuckAfterSeconds >= 0)) throw new Error(`stuckAfterSeconds must be a whole number of seconds, not ${rawStuckAfter}`);
  const data = new DataStack(app, stackNames.data, {
    description: 'Verkeerstoren: tabellen (casussen, capaciteit, roosters, sms, audit)',
    env,
    auditRetention: Duration.days(auditRetentionDays),
  });
  const workflow = new WorkflowStack(app, stackNames.workflow, {
    description: 'Verkeerstoren: verwijs-workflow met triageboom',
    env,
    data: data.data,
    tree: currentTree,
    environment,
    holdTimeout,
    consultationTimeouts,
    districtTimeouts,
    ...(stuckAfterSeconds !== undefined ? { stuckAfterSeconds } : {}),
    // cdk deploy -c alertEmail=storingen@example.nl: who hears of failed executions and jobs.
    ...(contextValue(app, 'alertEmail') ? { alertEmail: contextValue(app, 'alertEmail') as string } : {}),
  });
  const api = new ApiStack(app, stackNames.api, {
    description: 'Verkeerstoren: HTTP API',
    env,
    data: data.data,
    stateMachine: workflow.stateMachine,
    consultationMachine: workflow.consultationMachine,
    environment,
    auth: { issuer: identity.identity.issuer, audience: identity.identity.webClient.userPoolClientId },
    referralConcurrency,
  });
  // CloudFront takes its web ACL from us-east-1 only: a stack there that holds no data.
  const edge = new EdgeStack(app, stackNames.edge, {
    description: 'Verkeerstoren: WAF voor CloudFront (us-east-1, zonder gegevens)',
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const web = new WebStack(app, stackNames.web, {
    description: 'Verkeerstoren: web-app en API onder één domein (CloudFront)',
    env,
    crossRegionReferences: true,
    api: api.api,
    originVerifySecret: api.originVerifySecret,
    webAclArn: edge.webAclArn,
    signIn: {
      domain: identity.identity.domainUrl,
      clientId: identity.identity.webClient.userPoolClientId,
      scopes: [...signInScopes],
    },
  });
  Tags.of(app).add('project', 'verkeerstoren');
  acceptNagFindings({ identity, data, workflow, api, web });
  return { app, identity, data, workflow, api, web, edge };
}

/** Synthesizes without bundling Lambda code: what tests and the local runtime need. */
export function synthWithoutBundling(context: Record<string, unknown> = {}) {
  const built = buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const assembly = built.app.synth();
  return { ...built, assembly };
}
