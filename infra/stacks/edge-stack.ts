import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests one viewer address may send in 5 minutes before CloudFront blocks it (for the rest of the window). */
export const requestsPerIpPer5Minutes = 1000;

/**
 * The web ACL in front of CloudFront. CloudFront takes its web ACL from us-east-1 only, so
 * this small stack lives there; it holds no data (rules and counters, no requests: sampled
 * requests are off, they would keep viewer addresses and bearer tokens).
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    if (this.region !== 'us-east-1') throw new Error(`${id}: a CloudFront web ACL lives in us-east-1, not ${this.region}`);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Verkeerstoren: rate limit per IP and the AWS common rule set, in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('verkeerstoren-edge'),
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: requestsPerIpPer5Minutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('verkeerstoren-rate-per-ip'),
        },
        {
          name: 'AwsCommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          visibilityConfig: visibility('verkeerstoren-common-rule-set'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
