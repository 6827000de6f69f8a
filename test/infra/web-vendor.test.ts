import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { describe, expect, it } from 'vitest';
import { vendorFiles } from '../../infra/vendor-files';
import { apiPathPatterns } from '../../infra/stacks/web-stack';
import pages from '../../web/pages.json';

/**
 * The dashboard's chart library (Chart.js from npm) is served from the site itself: the local
 * server from node_modules, the web stack deploys the same file to the bucket at the same
 * path. Neither it nor the dashboard page may fall under the API's CloudFront paths.
 */
const matches = (pattern: string, path: string) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(path);

describe('the chart library and the dashboard', () => {
  it('is Chart.js’s UMD build, one file from node_modules', () => {
    expect(Object.keys(vendorFiles)).toEqual(['/vendor/chart.umd.min.js']);
    const text = readFileSync(vendorFiles['/vendor/chart.umd.min.js'] as string, 'utf8');
    expect(text).toMatch(/Chart\.js v4\./);
  });

  it('is deployed with the web app, beside web/ and /auth-config.json', () => {
    const { web } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    const deployment = Object.values(Template.fromStack(web).findResources('Custom::CDKBucketDeployment'))[0] as { Properties: { SourceObjectKeys: unknown[] } };
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2 + Object.keys(vendorFiles).length);
  });

  it('keeps /dashboard and /vendor/ off the API paths, while /figures and /review go there', () => {
    const patterns = apiPathPatterns();
    expect(patterns).toEqual(expect.arrayContaining(['/figures', '/figures/*', '/review']));
    for (const path of ['/dashboard', '/vendor/chart.umd.min.js']) expect(patterns.filter((p) => matches(p, path)), path).toEqual([]);
    expect(pages.paths).toContain('/dashboard');
    expect(pages.modules['/dashboard' as keyof typeof pages.modules]).toBe('dashboard');
  });
});
