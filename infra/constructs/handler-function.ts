import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { HandlerSpec, TableAccess } from '../../functions/manifest';
import type { TableId } from '../../functions/data/tables';
import type { DataTables } from './data-tables';

export interface HandlerFunctionProps {
  spec: HandlerSpec;
  data: DataTables;
  environment?: Record<string, string>;
  /** Executions reserved for this function: at most this many run at once, and they are always available to it. */
  reservedConcurrency?: number;
}

const handlersDir = fileURLToPath(new URL('../../functions/handlers/', import.meta.url));

/** A Lambda for one handler of the manifest, bundled by the local esbuild, with its grants. */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  /** The manifest entry it runs. */
  readonly spec: HandlerSpec;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.spec = props.spec;
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: `${handlersDir}${props.spec.file}.ts`,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(20),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }),
      // No --enable-source-maps: Node would load and parse the map at every cold start. The map
      // is in the asset, for reading a stack trace offline.
      environment: { ...props.environment },
      bundling: {
        // CommonJS, not ESM: the runtime's AWS SDK is CommonJS, and an ES module importing it
        // makes Node scan every SDK entry for its export names first. A CommonJS bundle
        // requires the SDK directly: ~40 ms less at every cold start on the reference machine
        // (CreateReferral imports in ~90 ms instead of ~130). The runtime requires an index.js
        // (no package.json in /var/task says "module"). Sources stay ES modules; esbuild reads
        // the ES builds of dependencies ("module" first) so tree-shaking is unchanged.
        format: OutputFormat.CJS,
        mainFields: ['module', 'main'],
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: ['@aws-sdk/*'],
      },
    });
    for (const [table, access] of Object.entries(props.spec.tables) as Array<[TableId, TableAccess]>) {
      props.data.bind(this.fn, table, access);
    }
    if (props.spec.sms) {
      // Sending SMS means recording it, and telling the coordinator when delivery fails.
      if (!props.spec.tables.rosters) props.data.bind(this.fn, 'rosters', 'read');
      if (!props.spec.tables.notifications) props.data.bind(this.fn, 'notifications', 'readWrite');
      // Publishing to a phone number has no resource ARN: SMS needs "*".
      this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      this.fn.addEnvironment('SMS_MODE', 'sns');
    }
    const spec = this.spec;
    if (spec.startsWorkflow || spec.resumesWorkflow || spec.describesWorkflow || spec.startsConsultation || spec.resumesConsultation) {
      // The state machines are encrypted with the data key: starting an execution, answering
      // a task and describing an execution encrypt or decrypt its data as the caller.
      props.data.key.grant(this.fn, 'kms:Decrypt', 'kms:GenerateDataKey');
    }
  }
}
