import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from '../../functions/manifest';
import pages from '../../web/pages.json';
import { vendorFiles } from '../vendor-files';
import { readFileSync } from 'node:fs';
import { originVerifyHeader } from './api-stack';

export interface WebStackProps extends StackProps {
  api: apigw.HttpApi;
  /** The Cognito sign-in the web app uses, published to it as /auth-config.json. */
  signIn: { domain: string; clientId: string; scopes: string[] };
  /** The WAF web ACL (scope CLOUDFRONT, in us-east-1: the edge stack). */
  webAclArn: string;
  /** CloudFront sends its value as the `x-origin-verify` header to the API, which checks it. */
  originVerifySecret: secretsmanager.ISecret;
}

/**
 * The web app's content security policy: its own scripts, styles and API only, and the
 * Cognito token endpoint; no inline script or style, no framing.
 */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https://*.amazoncognito.com",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self' https://*.amazoncognito.com",
].join('; ');

/**
 * For what the API answers: JSON, and the answer-link page (a form posting to itself, with
 * its own inline style and nothing else).
 */
export const apiContentSecurityPolicy = ["default-src 'none'", "style-src 'unsafe-inline'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"].join('; ');

/** Where the web app reads how to sign in (locally the server answers `{ "mode": "local" }`). */
export const authConfigPath = '/auth-config.json';

const webDir = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * CloudFront path patterns for the API, derived from the manifest: `/cases/{caseId}` gives
 * `/cases/*`, `/referrals` stays `/referrals`. So the API and its routes cannot drift.
 */
export function apiPathPatterns(): string[] {
  const patterns = apiRoutes.flatMap((r) => {
    const [first, ...rest] = r.path.split('/').filter(Boolean);
    return rest.length ? [`/${first}/*`] : [`/${first}`];
  });
  return [...new Set(patterns)].sort();
}

/** The CloudFront function: the app's own routes load index.html, like the local server does. */
export function pageRewriteCode(): string {
  return `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var paths = ${JSON.stringify(pages.paths)};
  var prefixes = ${JSON.stringify(pages.prefixes)};
  var page = paths.indexOf(uri) >= 0;
  for (var i = 0; !page && i < prefixes.length; i++) page = uri.indexOf(prefixes[i]) === 0;
  if (page) request.uri = '/index.html';
  return request;
}`;
}

/**
 * The web app and the API under one domain, as the SMS links expect: CloudFront serves
 * web/ from a private bucket and sends the API's paths to the HTTP API, uncached.
 * Point the region's publicBaseUrl at this distribution (or a domain aliased to it).
 */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    if (apiPathPatterns().some((p) => new RegExp(`^${p.replace(/\*/g, '.*')}$`).test(authConfigPath))) {
      throw new Error(`${authConfigPath} would go to the API: it belongs to the web app's bucket`);
    }
    const bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
    });
    const securityHeaders = (contentSecurityPolicy: string): cloudfront.ResponseSecurityHeadersBehavior => ({
      contentSecurityPolicy: { contentSecurityPolicy, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    });
    const appHeaders = new cloudfront.ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Verkeerstoren web-app: CSP en beveiligingsheaders',
      securityHeadersBehavior: securityHeaders(appContentSecurityPolicy),
    });
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Verkeerstoren API: CSP en beveiligingsheaders',
      securityHeadersBehavior: securityHeaders(apiContentSecurityPolicy),
    });
    // https://<id>.execute-api.<region>.amazonaws.com → the host name.
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const api: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(apiDomain, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        // A dynamic reference ({{resolve:secretsmanager:…}}): the value is not in the template.
        customHeaders: { [originVerifyHeader]: props.originVerifySecret.secretValue.unsafeUnwrap() },
      }),
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Everything the viewer sent but Host (API Gateway answers only to its own name):
      // Authorization and X-Break-Glass-Reason among them. An origin request policy may not
      // name Authorization; with caching disabled this managed one forwards it. AWS lists the
      // viewer-location headers (CloudFront-Viewer-Address, for the access log) in it too.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy: apiHeaders,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Verkeerstoren: web-app en API onder één domein',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PageRewrite', {
              code: cloudfront.FunctionCode.fromInline(pageRewriteCode()),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: 'App-routes laden index.html',
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((p) => [p, api])),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: props.webAclArn,
    });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(webDir, { exclude: ['tsconfig.json'] }),
        s3deploy.Source.jsonData(authConfigPath.slice(1), { mode: 'cognito', ...props.signIn }),
        // The browser libraries (Chart.js) under the paths the local server serves them at.
        ...Object.entries(vendorFiles).map(([path, file]) => s3deploy.Source.data(path.slice(1), readFileSync(file, 'utf8'))),
      ],
      destinationBucket: bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
