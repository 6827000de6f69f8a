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
}

const handlersDir = fileURLToPath(new URL('../../functions/handlers/', import.meta.url));

/** A Lambda for one handler of the manifest, bundled by the local esbuild, with its grants. */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: `${handlersDir}${props.spec.file}.ts`,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(20),
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // ESM bundles that pull in CommonJS dependencies need a require().
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
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
  }
}
