import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests share one DynamoDB Local, started once (tables are prefixed per file).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // One test file at a time, whatever CPU count a CI container reports: the integration files
    // each start a stack (and a synth child) against the one DynamoDB Local.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CDK_VALIDATION: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
