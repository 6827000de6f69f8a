import { config } from '../config';
import { metricsNamespace } from '../manifest';

/**
 * One CloudWatch embedded-metric-format (EMF) line: CloudWatch Logs turns it into the
 * metric `name` in `metricsNamespace`, with these dimensions. No patient data: a count.
 */
export function metricLine(name: string, value: number, dimensions: Record<string, string>, at: Date = new Date()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: metricsNamespace, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    ...dimensions,
    [name]: value,
  });
}

/**
 * Reports a count as a metric, in Lambda only. Written to stdout as it is: with Lambda's
 * JSON log format, console output is wrapped in a record of its own, which would hide the
 * EMF object from CloudWatch.
 */
export function emitMetric(name: string, value: number, dimensions: Record<string, string>, write: (line: string) => void = (line) => void process.stdout.write(line)): void {
  if (!config().AWS_LAMBDA_FUNCTION_NAME) return;
  write(`${metricLine(name, value, dimensions)}\n`);
}
