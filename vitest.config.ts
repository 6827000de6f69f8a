import { defineConfig } from 'vitest/config';

// No `globalSetup` or `include` at the root: Vitest runs the root's global setup even when only
// other projects run, and every project below inherits these options (`extends: true`).
export default defineConfig({
  test: {
    pool: 'forks',
    // One test file at a time, whatever CPU count a CI container reports: the integration files
    // each start a stack (and a synth child) against the one DynamoDB Local.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CDK_VALIDATION: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Pure tests: no DynamoDB Local, so no Java (`npm run test:unit`).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // CDK template assertions and the tree equivalence: synth only, no DynamoDB Local either.
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      // Tests on the local stack, Chromium included. They share one DynamoDB Local, started once
      // for this project (tables are prefixed per file); a global setup runs once per project,
      // so the browser tests live here rather than in a project of their own.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
