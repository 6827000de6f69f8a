import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Browser libraries the web app loads from its own origin (no CDN, nothing copied into web/):
 * the URL path, and the file in node_modules that answers it. The local server serves them
 * from there; the web stack deploys the same files to the bucket under the same paths.
 */
export const vendorFiles: Readonly<Record<string, string>> = {
  // Chart.js's UMD build: one file, all chart types registered; it sets globalThis.Chart.
  '/vendor/chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};
