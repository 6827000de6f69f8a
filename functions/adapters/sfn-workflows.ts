import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../domain/ports';
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

export class SfnWorkflowStarter implements WorkflowStarter {
  async start(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }> {
    const { STATE_MACHINE_ARN } = config();
    if (!STATE_MACHINE_ARN) throw new Error('STATE_MACHINE_ARN is not set');
    const out = await sfnClient().send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify(input) }),
    );
    return { executionArn: out.executionArn ?? '' };
  }

  async startConsultation(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }> {
    const { CONSULTATION_STATE_MACHINE_ARN } = config();
    if (!CONSULTATION_STATE_MACHINE_ARN) throw new Error('CONSULTATION_STATE_MACHINE_ARN is not set');
    const out = await sfnClient().send(
      new StartExecutionCommand({ stateMachineArn: CONSULTATION_STATE_MACHINE_ARN, name, input: JSON.stringify(input) }),
    );
    return { executionArn: out.executionArn ?? '' };
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<boolean> {
    return stillWaiting(sfnClient().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<boolean> {
    return stillWaiting(sfnClient().send(new SendTaskFailureCommand({ taskToken: token, error, cause })));
  }
}
