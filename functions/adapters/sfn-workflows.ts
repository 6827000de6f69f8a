import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionState, Workflows } from '../domain/ports';
import { config } from '../config';

let sfn: SFNClient | undefined;

/** The Step Functions client; locally SFN_ENDPOINT points it at the local ASL runtime. */
export function sfnClient(): SFNClient {
  if (sfn) return sfn;
  const { SFN_ENDPOINT, AWS_REGION } = config();
  sfn = new SFNClient({
    region: AWS_REGION,
    ...(SFN_ENDPOINT ? { endpoint: SFN_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return sfn;
}

/** False when Step Functions says the token is no longer waited on. */
async function stillWaiting(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name)) return false;
    throw error;
  }
}

async function start(stateMachineArn: string | undefined, variable: string, name: string, input: Record<string, unknown>) {
  if (!stateMachineArn) throw new Error(`${variable} is not set`);
  const out = await sfnClient().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  return { executionArn: out.executionArn ?? '' };
}

/** The two state machines in Step Functions (locally: the local ASL runtime behind SFN_ENDPOINT). */
export class SfnWorkflows implements Workflows {
  startReferral(name: string, input: Record<string, unknown>) {
    return start(config().STATE_MACHINE_ARN, 'STATE_MACHINE_ARN', name, input);
  }

  startConsultation(name: string, input: Record<string, unknown>) {
    return start(config().CONSULTATION_STATE_MACHINE_ARN, 'CONSULTATION_STATE_MACHINE_ARN', name, input);
  }

  /** A Standard execution's ARN is its state machine's, as `execution:<machine>:<name>`: known before the start. */
  referralExecutionArn(name: string): string {
    const machine = config().STATE_MACHINE_ARN;
    if (!machine) throw new Error('STATE_MACHINE_ARN is not set');
    return `${machine.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async describe(executionArn: string): Promise<ExecutionState> {
    try {
      const out = await sfnClient().send(new DescribeExecutionCommand({ executionArn }));
      return { status: out.status ?? 'GONE', ...(out.error ? { error: out.error } : {}) };
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return { status: 'GONE' };
      throw error;
    }
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<boolean> {
    return stillWaiting(sfnClient().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<boolean> {
    return stillWaiting(sfnClient().send(new SendTaskFailureCommand({ taskToken: token, error, cause })));
  }
}
