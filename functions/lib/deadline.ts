import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The invocation's deadline, in scope for everything one handler call does: retries deep
 * in an adapter can then stop in time, whatever number of steps came before them.
 */
const deadlines = new AsyncLocalStorage<number>();

interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

/** Runs `fn` under the deadline of this Lambda invocation (none when the context has no clock). */
export function withInvocationDeadline<T>(context: unknown, fn: () => Promise<T>): Promise<T> {
  const remaining = (context as LambdaContextLike | undefined)?.getRemainingTimeInMillis;
  return typeof remaining === 'function' ? deadlines.run(Date.now() + remaining.call(context), fn) : fn();
}

/** Until when a retry loop may go on: at most `capMs` from now, and `marginMs` before the invocation ends. */
export function retryUntil(capMs: number, marginMs = 3_000): number {
  const cap = Date.now() + capMs;
  const invocation = deadlines.getStore();
  return invocation === undefined ? cap : Math.min(cap, invocation - marginMs);
}
