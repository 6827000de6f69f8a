import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests share one DynamoDB Local, started once (tables are prefixed per file).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CDK_VALIDATION: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
