// @ts-check
// Charts with Chart.js (npm chart.js), loaded from this site's own /vendor/ (the local server
// serves it from node_modules, the web stack deploys the same file): once, on the first chart.

/**
 * @typedef {import('chart.js').Chart} Chart
 * @typedef {import('chart.js').ChartConfiguration} ChartConfiguration
 * @typedef {typeof import('chart.js').Chart} ChartClass
 */

/** @type {Promise<ChartClass> | undefined} */
let loading;

/** Chart.js's UMD build sets globalThis.Chart; a variable path keeps tsc from looking for the file. */
function loadChartJs() {
  if (!loading) {
    const url = '/vendor/chart.umd.min.js';
    const request = import(url).then(() => /** @type {ChartClass} */ (/** @type {any} */ (window).Chart));
    request.catch(() => { if (loading === request) loading = undefined; });
    loading = request;
  }
  return loading;
}

/** The colours of the series, in order (distinguishable in grey too). */
export const palette = ['#0b3d91', '#e07b00', '#2f7d32', '#8a1c1c', '#6b4fa0', '#00838f'];

/** @type {Chart[]} */
let drawn = [];

/**
 * Draws a chart into a canvas already on the page; no animation (the figures are not a show).
 * @param {HTMLCanvasElement} canvas
 * @param {ChartConfiguration} config
 */
export async function drawChart(canvas, config) {
  const ChartJs = await loadChartJs();
  if (!canvas.isConnected) return undefined;
  const chart = new ChartJs(canvas, {
    ...config,
    options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
  });
  drawn.push(chart);
  return chart;
}

/** Frees the charts of the page before it is drawn again. */
export function clearCharts() {
  for (const c of drawn) c.destroy();
  drawn = [];
}

/**
 * A canvas in a box of fixed height, with a text for screen readers.
 * @param {string} label
 */
export function chartBox(label) {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const box = document.createElement('div');
  box.className = 'chart';
  box.append(canvas);
  return { box, canvas };
}
