import middy from '@middy/core';
import { withInvocationDeadline } from './deadline';

/**
 * Wraps a workflow task. Errors keep their `name`, so the state machine's Retry/Catch
 * can match domain errors; every failure is logged once as JSON. Retries inside see the
 * invocation's deadline.
 */
export function taskHandler<I, O>(fn: (input: I) => Promise<O>) {
  return middy<I, O>()
    .use({
      onError: (request) => {
        const e = request.error;
        console.error(JSON.stringify({ level: 'error', task: fn.name, name: e?.name, message: e?.message }));
      },
    })
    .handler((input, context) => withInvocationDeadline(context, () => fn(input)));
}
