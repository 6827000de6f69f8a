import { ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { documentClient } from '../../functions/adapters/dynamo';

export interface ThrottleOptions {
  /** Throttle the first attempt of every `every`-th request (the SDK's retry then gets it through). */
  every: number;
  /** Of the requests of these operations (e.g. `TransactWriteItems`), throttle every `giveUpEvery`-th at every attempt: the SDK gives up. */
  giveUp?: { operations: string[]; every: number };
}

export interface ThrottleStats {
  requests: number;
  /** Attempts that got an injected throttle. */
  throttledAttempts: number;
  /** Requests throttled once and let through on the retry. */
  retried: number;
  /** Requests throttled at every attempt, by operation. */
  givenUp: Record<string, number>;
  /** The highest attempt number seen: proves the SDK's retry saw (and retried) the injected errors. */
  maxAttempt: number;
}

const name = 'injectedThrottling';

/**
 * DynamoDB throttling injected at the client, in this process (which is the local stack's):
 * a middleware on the one document client's stack, inside the SDK's retry, that throws an
 * error shaped like DynamoDB's own throttle before the request is sent. It is the SDK's
 * modelled exception (ProvisionedThroughputExceededException or ThrottlingException, both in
 * the retry classifier's throttling codes of @smithy/core/retry) with `$retryable.throttling`,
 * so the SDK retries it as a real throttle, with its throttling backoff and retry quota.
 * Deterministic: by a counter of requests, and per request by its invocation id over its
 * attempts (the retry middleware sets `amz-sdk-request: attempt=N; max=M`).
 */
export function throttleDynamo(options: ThrottleOptions): { stats: ThrottleStats; stop(): void } {
  const stats: ThrottleStats = { requests: 0, throttledAttempts: 0, retried: 0, givenUp: {}, maxAttempt: 0 };
  const plans = new Map<string, 'once' | 'always'>();
  const perOperation = new Map<string, number>();
  let active = true;
  const middleware: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
    const id = headers['amz-sdk-invocation-id'];
    const attempt = Number(/attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '')?.[1] ?? 1);
    const operation = (headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    if (!active || !id) return next(args);
    stats.maxAttempt = Math.max(stats.maxAttempt, attempt);
    if (attempt === 1) {
      stats.requests++;
      const n = (perOperation.get(operation) ?? 0) + 1;
      perOperation.set(operation, n);
      if (options.giveUp?.operations.includes(operation) && n % options.giveUp.every === 0) {
        plans.set(id, 'always');
        stats.givenUp[operation] = (stats.givenUp[operation] ?? 0) + 1;
      } else if (stats.requests % options.every === 0) {
        plans.set(id, 'once');
        stats.retried++;
      }
    }
    const plan = plans.get(id);
    if (plan === 'always' || (plan === 'once' && attempt === 1)) {
      stats.throttledAttempts++;
      throw throttle(stats.throttledAttempts);
    }
    plans.delete(id);
    return next(args);
  };
  const stack = documentClient().middlewareStack;
  // Inside the retry middleware (same step, higher priority): every attempt passes through here.
  stack.add(middleware as never, { step: 'finalizeRequest', priority: 'low', name });
  return {
    stats,
    stop: () => {
      active = false;
      stack.remove(name);
    },
  };
}

/** DynamoDB's throttles, as the SDK would have deserialized them (alternating the two kinds). */
function throttle(n: number): Error {
  const $metadata = { httpStatusCode: 400, requestId: `injected-${n}`, attempts: 1, totalRetryDelay: 0 };
  const error =
    n % 2
      ? new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded (injected)', $metadata })
      : new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput (injected)', $metadata });
  return Object.assign(error, { $retryable: { throttling: true } });
}
