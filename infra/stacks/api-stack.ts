import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { apiRoutes } from '../../functions/manifest';
import type { DataTables } from '../constructs/data-tables';
import { HandlerFunction } from '../constructs/handler-function';

export interface ApiStackProps extends StackProps {
  data: DataTables;
  stateMachine: sfn.IStateMachine;
  consultationMachine: sfn.IStateMachine;
  environment: Record<string, string>;
  /** Who issues the sign-in tokens, and for which app client: what the JWT authorizer checks. */
  auth: { issuer: string; audience: string };
  /** Executions reserved for POST /referrals (CDK context referralConcurrency): its ceiling and its guarantee. */
  referralConcurrency: number;
}

/** The whole API, per second, before API Gateway answers 429 (the WAF limits each address before that). */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 } as const;

/**
 * The header CloudFront adds to every request it sends to the API, with the secret of
 * `ORIGIN_VERIFY_SECRET_ARN`: a request without it did not come through CloudFront (and its
 * web ACL), and the handler answers 403. The execute-api URL stays reachable, but useless.
 */
export const originVerifyHeader = 'x-origin-verify';
export const originVerifySecretEnvVar = 'ORIGIN_VERIFY_SECRET_ARN';

/**
 * The routes open without a sign-in: the SMS answer link, whose single-use token is the
 * proof. Every other route of the manifest needs a valid token at API Gateway already
 * (and the handler checks it again).
 */
export const routesWithoutSignIn: readonly string[] = ['GET /c/{token}', 'POST /c/{token}'];

/** The HTTP API: one Lambda per route of the manifest, behind a Cognito JWT authorizer. */
export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  /** What CloudFront puts in the `x-origin-verify` header; the handlers compare. */
  readonly originVerifySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new apigw.HttpApi(this, 'HttpApi', { description: 'Verkeerstoren acute ouderenzorg' });
    // Throttling and an access log on the default stage (the L2 takes neither for it). The log
    // names the route template, never the path: no case ids, no answer-link tokens.
    const accessLog = new logs.LogGroup(this, 'AccessLog', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.api.defaultStage?.node.defaultChild as apigw.CfnStage | undefined;
    if (!stage) throw new Error('the HTTP API has no default stage');
    stage.defaultRouteSettings = { throttlingRateLimit: apiThrottle.rateLimit, throttlingBurstLimit: apiThrottle.burstLimit };
    stage.accessLogSettings = {
      destinationArn: accessLog.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      description: 'Verkeerstoren: geheime header die CloudFront aan API-verzoeken toevoegt (x-origin-verify)',
      // A header value: letters and digits only.
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    const signedIn = new HttpJwtAuthorizer('Cognito', props.auth.issuer, {
      authorizerName: 'cognito',
      jwtAudience: [props.auth.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const open = new apigw.HttpNoneAuthorizer();
    const keys = new Set(apiRoutes.map((r) => `${r.method} ${r.path}`));
    for (const key of routesWithoutSignIn) if (!keys.has(key)) throw new Error(`routesWithoutSignIn names ${key}, which the manifest does not have`);
    const referralFile = apiRoutes.find((r) => r.method === 'POST' && r.path === '/referrals')?.file;
    if (!referralFile) throw new Error('the manifest has no POST /referrals');
    // One Lambda per handler file; a file may serve several routes (GET and POST of a link).
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of apiRoutes) {
      // The local runtime's own routes (sign-in, outbox) never reach AWS.
      if (route.path === '/local' || route.path.startsWith('/local/')) throw new Error(`${route.path} is a local-only route: keep it out of apiRoutes`);
      const name = route.file
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
      let integration = integrations.get(route.file);
      if (!integration) {
        const fn = new HandlerFunction(this, name, {
          spec: route,
          data: props.data,
          environment: props.environment,
          // A burst of new referrals cannot starve the other routes, nor exhaust the account.
          ...(route.file === referralFile ? { reservedConcurrency: props.referralConcurrency } : {}),
        }).fn;
        fn.addEnvironment(originVerifySecretEnvVar, this.originVerifySecret.secretArn);
        this.originVerifySecret.grantRead(fn);
        if (route.startsWorkflow) {
          fn.addEnvironment('STATE_MACHINE_ARN', props.stateMachine.stateMachineArn);
          props.stateMachine.grantStartExecution(fn);
        }
        if (route.resumesWorkflow) props.stateMachine.grantTaskResponse(fn);
        if (route.startsConsultation) {
          fn.addEnvironment('CONSULTATION_STATE_MACHINE_ARN', props.consultationMachine.stateMachineArn);
          props.consultationMachine.grantStartExecution(fn);
        }
        if (route.resumesConsultation) props.consultationMachine.grantTaskResponse(fn);
        integration = new HttpLambdaIntegration(`${name}Integration`, fn);
        integrations.set(route.file, integration);
      }
      const authorizer = routesWithoutSignIn.includes(`${route.method} ${route.path}`) ? open : signedIn;
      this.api.addRoutes({ path: route.path, methods: [apigw.HttpMethod[route.method]], integration, authorizer });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
