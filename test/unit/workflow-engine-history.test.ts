import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { LocalWorkflowEngine } from '../../local/workflow-engine';

/** A task whose handler adds one, then a Pass state: enough to see what the history keeps. */
const definition = {
  StartAt: 'AddOne',
  States: {
    AddOne: { Type: 'Task', Resource: 'arn:aws:lambda:eu-central-1:000000000000:function:add', Parameters: { 'n.$': '$.n' }, ResultPath: '$.sum', Next: 'Mark' },
    Mark: { Type: 'Pass', Result: 'klaar', ResultPath: '$.mark', End: true },
  },
} as unknown as StateMachineDefinition;
const engine = () => new LocalWorkflowEngine(definition, { AddOne: async (e) => ({ value: (e as { n: number }).n + 1 }) }, 'arn:m');

describe('the local engine records what Step Functions would keep of an execution', () => {
  it("each state's input and output, each task's payload and result, as copies", async () => {
    const execution = engine().start('a', { n: 1, other: 'x' });
    await execution.done;
    expect(execution.history).toEqual(
      expect.arrayContaining([
        { type: 'StateEntered', state: 'AddOne', input: { n: 1, other: 'x' } },
        { type: 'TaskScheduled', state: 'AddOne', input: { n: 1 } },
        { type: 'TaskSucceeded', state: 'AddOne', output: { value: 2 } },
        { type: 'StateExited', state: 'AddOne', output: { n: 1, other: 'x', sum: { value: 2 } } },
        { type: 'StateEntered', state: 'Mark', input: { n: 1, other: 'x', sum: { value: 2 } } },
        { type: 'StateExited', state: 'Mark', output: { n: 1, other: 'x', sum: { value: 2 }, mark: 'klaar' } },
      ]),
    );
    expect(execution.history).toHaveLength(6);
  });

  it('keeps the history of the last 200 executions only', async () => {
    const e = engine();
    const runs = Array.from({ length: 205 }, (_, i) => e.start(`r${i}`, { n: i }));
    await Promise.all(runs.map((r) => r.done));
    e.start('last', { n: 0 });
    expect(runs.filter((r) => r.history === undefined).length).toBeGreaterThanOrEqual(5);
    expect(runs.at(-1)?.history).toHaveLength(6);
  });
});
