import './polyfills';
import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A Lambda-style handler: what functions/handlers export. */
export type LocalHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface Execution {
  executionArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  /** State names in the order they were entered. */
  path: string[];
  /**
   * What Step Functions' execution history would keep: each state's input as it was entered
   * and its output as it left, and each task's payload and result (a callback task's result
   * is the answer sent with its token). Copies, taken as the engine reports them, in that
   * order (a task's payload may come just before its state's entry). Some 50 kB a referral:
   * kept for the last 200 executions (and any still running); undefined for older ones.
   */
  history?: HistoryEvent[];
  done: Promise<void>;
}

export interface HistoryEvent {
  type: 'StateEntered' | 'StateExited' | 'TaskScheduled' | 'TaskSucceeded';
  state: string;
  /** StateEntered: the state's input; TaskScheduled: the payload the handler got. */
  input?: unknown;
  /** StateExited: the state's output; TaskSucceeded: what the handler (or the callback) returned. */
  output?: unknown;
}

/** A copy of a JSON value as it is now (the interpreter may change its objects in place later). */
const snapshot = (value: unknown): unknown => (value === undefined ? undefined : structuredClone(value));

export class TaskFailedError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';

/** What a handler may read of its Lambda context. */
export const fakeLambdaContext = (name: string) => ({
  functionName: name,
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => 30_000,
  callbackWaitsForEmptyEventLoop: false,
});

/** Replaces the placeholder token anywhere in a task's input with a fresh one. */
function withToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => withToken(v, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, token)]));
  }
  return value;
}

/**
 * Runs a synthesized state machine definition in-process with aws-local-stepfunctions,
 * mapping each Task state (by name) to the same handler code Lambda runs.
 * `.waitForTaskToken` tasks get a fresh token, call their handler, then park until
 * `sendTaskSuccess`/`sendTaskFailure` arrives or the state's TimeoutSeconds passes
 * (the interpreter enforces it and raises States.Timeout).
 */
export class LocalWorkflowEngine {
  private readonly machine: StateMachine;
  private readonly executions_ = new Map<string, Execution>();
  private readonly pendingTokens = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** The executions that still have their history, oldest first. */
  private readonly withHistory: Execution[] = [];

  constructor(
    private readonly definition: StateMachineDefinition,
    private readonly handlers: Record<string, LocalHandler>,
    readonly stateMachineArn: string,
  ) {
    const missing = this.taskStates().filter(([name]) => !handlers[name]).map(([name]) => name);
    if (missing.length) throw new Error(`no local handler for task state(s): ${missing.join(', ')}`);
    // The interpreter annotates the definition it is given; keep ours as synthesized.
    this.machine = new StateMachine(structuredClone(definition), { validationOptions: { checkArn: false } });
  }

  /** [name, state] of every Task state, including those inside Parallel/Map branches. */
  taskStates(): Array<[string, Record<string, unknown>]> {
    const out: Array<[string, Record<string, unknown>]> = [];
    const walk = (states: Record<string, Record<string, unknown>>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task') out.push([name, state]);
        for (const b of (state.Branches as Array<{ States: Record<string, Record<string, unknown>> }>) ?? []) walk(b.States);
        const proc = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
        if (proc) walk(proc.States);
      }
    };
    walk((this.definition as unknown as { States: Record<string, Record<string, unknown>> }).States);
    return out;
  }

  private overrides(history: HistoryEvent[]): Record<string, (input: Json) => Promise<Json>> {
    const record = (type: 'TaskScheduled' | 'TaskSucceeded', state: string, value: unknown) =>
      history.push(type === 'TaskScheduled' ? { type, state, input: snapshot(value) } : { type, state, output: snapshot(value) });
    return Object.fromEntries(
      this.taskStates().map(([name, state]) => {
        const handler = this.handlers[name] as LocalHandler;
        const resource = String(state.Resource);
        const callback = resource.endsWith('.waitForTaskToken');
        const serviceIntegration = resource.startsWith('arn:aws:states:::lambda:invoke');
        return [
          name,
          async (input: Json): Promise<Json> => {
            if (!callback) {
              // payloadResponseOnly tasks get the payload itself; lambda:invoke wraps it.
              const payload = serviceIntegration ? (input as { Payload?: unknown }).Payload : input;
              record('TaskScheduled', name, payload);
              const result = (await handler(payload, fakeLambdaContext(name))) as Json;
              record('TaskSucceeded', name, result);
              return serviceIntegration ? { Payload: result, StatusCode: 200 } : result;
            }
            const token = randomUUID();
            const parked = new Promise<unknown>((resolve, reject) => this.pendingTokens.set(token, { resolve, reject }));
            // The answer may come while the handler is still running (as in AWS): keep it until awaited.
            parked.catch(() => undefined);
            const payload = withToken(serviceIntegration ? (input as { Payload?: unknown }).Payload : input, token);
            try {
              record('TaskScheduled', name, payload);
              await handler(payload, fakeLambdaContext(name));
              const answer = (await parked) as Json;
              record('TaskSucceeded', name, answer);
              return answer;
            } finally {
              this.pendingTokens.delete(token);
            }
          },
        ];
      }),
    );
  }

  start(name: string, input: unknown): Execution {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (this.executions_.has(executionArn)) throw new TaskFailedError('ExecutionAlreadyExists', `execution ${name} exists`);
    const history: HistoryEvent[] = [];
    const run = this.machine.run(input as Json, {
      overrides: { taskResourceLocalHandlers: this.overrides(history) },
      context: { Task: { Token: TOKEN_PLACEHOLDER }, Execution: { Id: executionArn, Name: name } },
    });
    const execution: Execution = {
      executionArn,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(),
      path: [],
      history,
      done: Promise.resolve(),
    };
    const collect = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered') {
          execution.path.push(event.state.name);
          history.push({ type: 'StateEntered', state: event.state.name, input: snapshot(event.state.input) });
        } else if (event.type === 'StateExited') {
          history.push({ type: 'StateExited', state: event.state.name, output: snapshot(event.state.output) });
        }
      }
    })().catch(() => undefined);
    execution.done = run.result.then(
      async (output) => {
        await collect;
        Object.assign(execution, { status: 'SUCCEEDED', output, stopDate: new Date() });
      },
      async (error: Error & { cause?: unknown }) => {
        await collect;
        const inner = (error.cause ?? error) as { name?: string; message?: string };
        Object.assign(execution, {
          status: 'FAILED',
          error: inner.name ?? error.name,
          cause: inner.message ?? error.message,
          stopDate: new Date(),
        });
      },
    );
    this.executions_.set(executionArn, execution);
    this.withHistory.push(execution);
    this.forgetOldExecutions();
    this.forgetOldHistories();
    return execution;
  }

  /** A long-running local stack keeps the history of the last executions only (and of the running ones). */
  private forgetOldHistories(keep = 200): void {
    for (let i = 0; this.withHistory.length > keep && i < this.withHistory.length; ) {
      const e = this.withHistory[i] as Execution;
      if (e.status === 'RUNNING') {
        i++;
        continue;
      }
      delete e.history;
      this.withHistory.splice(i, 1);
    }
  }

  /** A long-running local stack keeps the last finished executions only (cases stay in DynamoDB). */
  private forgetOldExecutions(keep = 2_000): void {
    if (this.executions_.size <= keep) return;
    for (const [arn, e] of this.executions_) {
      if (this.executions_.size <= keep) break;
      if (e.status !== 'RUNNING') this.executions_.delete(arn);
    }
  }

  executions(): Execution[] {
    return [...this.executions_.values()];
  }

  describe(executionArn: string): Execution | undefined {
    return this.executions_.get(executionArn);
  }

  hasToken(token: string): boolean {
    return this.pendingTokens.has(token);
  }

  sendTaskSuccess(token: string, output: unknown): void {
    const pending = this.pendingTokens.get(token);
    if (!pending) throw new TaskFailedError('TaskTimedOut', 'Task Token is invalid, expired or already used');
    pending.resolve(output);
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    const pending = this.pendingTokens.get(token);
    if (!pending) throw new TaskFailedError('TaskTimedOut', 'Task Token is invalid, expired or already used');
    pending.reject(new TaskFailedError(error, cause));
  }
}
