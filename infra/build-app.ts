import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { currentTree } from '../functions/domain/triage/trees';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { WorkflowStack } from './stacks/workflow-stack';

export const stackNames = {
  data: 'Verkeerstoren-Data',
  workflow: 'Verkeerstoren-Workflow',
  api: 'Verkeerstoren-Api',
} as const;

/** The whole system as CDK stacks: used by `cdk synth`, the CDK tests and the local runtime. */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const region = (app.node.tryGetContext('region') as string | undefined) ?? 'rotterdam';
  const environment = { REGION_NAME: region };
  const data = new DataStack(app, stackNames.data, { description: 'Verkeerstoren: tabellen (casussen, capaciteit, roosters, sms, audit)' });
  const workflow = new WorkflowStack(app, stackNames.workflow, {
    description: 'Verkeerstoren: verwijs-workflow met triageboom',
    data: data.data,
    tree: currentTree,
    environment,
  });
  const api = new ApiStack(app, stackNames.api, {
    description: 'Verkeerstoren: HTTP API',
    data: data.data,
    stateMachine: workflow.stateMachine,
    environment,
  });
  Tags.of(app).add('project', 'verkeerstoren');
  return { app, data, workflow, api };
}

/** Synthesizes without bundling Lambda code: what tests and the local runtime need. */
export function synthWithoutBundling() {
  const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = built.app.synth();
  return { ...built, assembly };
}
