import { describe, expect, it } from 'vitest';
import { retryUntil, withInvocationDeadline } from '../../functions/lib/deadline';
import { taskHandler } from '../../functions/lib/task';

describe('retry budgets inside one Lambda invocation', () => {
  it('are capped by the invocation: 5 s left leaves retries 2 s, whatever their own cap', async () => {
    const until = await withInvocationDeadline({ getRemainingTimeInMillis: () => 5_000 }, async () => retryUntil(10_000));
    expect(until - Date.now()).toBeGreaterThan(1_500);
    expect(until - Date.now()).toBeLessThanOrEqual(2_000);
  });

  it('keep their own cap with time enough, or outside Lambda (local HTTP routes pass no clock)', async () => {
    const roomy = await withInvocationDeadline({ getRemainingTimeInMillis: () => 900_000 }, async () => retryUntil(10_000));
    expect(roomy - Date.now()).toBeGreaterThan(9_500);
    const local = await withInvocationDeadline({}, async () => retryUntil(10_000));
    expect(local - Date.now()).toBeGreaterThan(9_500);
  });

  it('reach code behind a task handler, across awaits', async () => {
    const handler = taskHandler(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return retryUntil(10_000) - Date.now();
    });
    const left = (await handler({} as never, { getRemainingTimeInMillis: () => 4_000 } as never)) as number;
    expect(left).toBeLessThanOrEqual(1_000);
  });
});
