process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import type { TestProject } from 'vitest/node';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient, startDynamoLocal, type RunningDynamo } from '../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: RunningDynamo | undefined;

/**
 * Starts one DynamoDB Local for the integration tests, or uses DYNAMODB_LOCAL_ENDPOINT.
 * If it cannot come up, the run fails loudly: integration tests never fall back to mocks.
 */
export async function setup(project: TestProject): Promise<void> {
  let endpoint = process.env.DYNAMODB_LOCAL_ENDPOINT;
  if (endpoint) {
    try {
      await localDynamoClient(endpoint).send(new ListTablesCommand({}));
    } catch (error) {
      throw new Error(`DYNAMODB_LOCAL_ENDPOINT=${endpoint} does not answer: integration tests refuse to run without DynamoDB Local`, { cause: error });
    }
  } else {
    try {
      dynamo = await startDynamoLocal();
    } catch (error) {
      throw new Error(`DynamoDB Local could not start: integration tests refuse to run without it.\n${String(error)}`, { cause: error });
    }
    endpoint = dynamo.endpoint;
  }
  project.provide('dynamoEndpoint', endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
