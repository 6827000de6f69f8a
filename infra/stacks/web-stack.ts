import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from '../../functions/manifest';
import pages from '../../web/pages.json';

export interface WebStackProps extends StackProps {
  api: apigw.HttpApi;
}

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
    const bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
    });
    // https://<id>.execute-api.<region>.amazonaws.com → the host name.
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const api: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
        comment: 'Verkeerstoren API: wat de handlers lezen, plus het adres van de gebruiker (NEN 7513)',
        // Not Host: API Gateway answers only to its own name. (A login's Authorization header
        // will need a cache policy: CloudFront forwards it only from there.)
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Accept', 'Content-Type', 'User-Agent', 'CloudFront-Viewer-Address'),
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Verkeerstoren: web-app en API onder één domein',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
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
    });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.asset(webDir, { exclude: ['tsconfig.json'] })],
      destinationBucket: bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
