import { describe, expect, it } from 'vitest';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Template } from 'aws-cdk-lib/assertions';
import { resolveIntrinsics } from '../../local/synthesized-definition';
import { LocalWorkflowEngine } from '../../local/workflow-engine';

/** The local engine's callback support, on a one-task machine built with CDK as the real ones are. */
function callbackMachine(timeoutSeconds: number) {
  const stack = new Stack();
  const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-central-1:000000000000:function:f');
  const wait = new tasks.LambdaInvoke(stack, 'Wait', {
    lambdaFunction: fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
    taskTimeout: sfn.Timeout.duration(Duration.seconds(timeoutSeconds)),
    resultPath: '$.answer',
  })
    .addCatch(new sfn.Succeed(stack, 'TimedOut'), { errors: ['States.Timeout'] })
    .addCatch(new sfn.Succeed(stack, 'Failed'), { errors: ['Nope'] })
    .next(new sfn.Succeed(stack, 'Answered'));
  new sfn.StateMachine(stack, 'M', { definitionBody: sfn.DefinitionBody.fromChainable(wait) });
  const [machine] = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine')) as Array<{ Properties: { DefinitionString: unknown } }>;
  return JSON.parse(resolveIntrinsics(machine?.Properties.DefinitionString));
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met within 10 s');
};

describe('the local engine with .waitForTaskToken', () => {
  it('hands the handler a fresh token and resumes on task success', async () => {
    let token = '';
    const engine = new LocalWorkflowEngine(callbackMachine(30), { Wait: async (e) => void (token = (e as { token: string }).token) }, 'arn:m');
    const execution = engine.start('a', {});
    await until(() => token !== '');
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    engine.sendTaskSuccess(token, { ok: true });
    await execution.done;
    expect(execution.path).toEqual(['Wait', 'Answered']);
    expect(execution.output).toEqual({ answer: { ok: true } });
    expect(() => engine.sendTaskSuccess(token, {})).toThrow(/invalid, expired or already used/);
  });

  it('takes a failure sent while the handler is still running, without crashing', async () => {
    let release!: () => void;
    let token = '';
    const engine = new LocalWorkflowEngine(
      callbackMachine(30),
      { Wait: async (e) => { token = (e as { token: string }).token; await new Promise<void>((r) => (release = r)); } },
      'arn:m',
    );
    const execution = engine.start('b', {});
    await until(() => token !== '');
    engine.sendTaskFailure(token, 'Nope', 'cancelled');
    await new Promise((r) => setTimeout(r, 20));
    release();
    await execution.done;
    expect(execution.path).toEqual(['Wait', 'Failed']);
  });

  it('enforces the state TimeoutSeconds as States.Timeout', async () => {
    const engine = new LocalWorkflowEngine(callbackMachine(1), { Wait: async () => undefined }, 'arn:m');
    const execution = engine.start('c', {});
    await execution.done;
    expect(execution.path).toEqual(['Wait', 'TimedOut']);
  });
});
