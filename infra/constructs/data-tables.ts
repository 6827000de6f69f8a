import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableEnvVar, tables, type TableId } from '../../functions/data/tables';
import type { TableAccess } from '../../functions/manifest';

/**
 * What no principal may do to an audit entry, whatever its IAM policy says (NEN 7513:
 * the access log is append-only). Item actions only: CloudFormation, backups, point-in-time
 * recovery and the export keep working.
 */
export const auditDeniedActions = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/** The env var with the ARN of the patient key secret (the HMAC key of the pseudonymous patient key). */
export const patientKeySecretEnvVar = 'PATIENT_KEY_SECRET_ARN';

/**
 * Every table of functions/data/tables.ts, encrypted with one customer-managed key,
 * point-in-time recovery on, kept on stack deletion. The audit table also carries a
 * resource policy that denies changing or deleting entries to everyone.
 */
export class DataTables extends Construct {
  readonly key: kms.Key;
  /** HMAC key for the pseudonymous patient key of the access log: read by every function that appends to it. */
  readonly patientKey: secretsmanager.Secret;
  private readonly byId = new Map<TableId, dynamodb.Table>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'PatientDataKey', {
      description: 'Encrypts cases, notifications and the audit log (AVG / NEN 7510)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.patientKey = new secretsmanager.Secret(this, 'PatientKey', {
      description: 'Verkeerstoren: HMAC-sleutel van de pseudonieme patiëntsleutel in de toegangslog (NEN 7513)',
      encryptionKey: this.key,
      // A plain random string (no JSON): the handlers use the whole value as the key.
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      // Losing it breaks "who looked at my data" for every entry written before.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const def of tables) {
      const attr = (k: { name: string; type: 'S' | 'N' }) => ({
        name: k.name,
        type: k.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
      });
      const table = new dynamodb.Table(this, def.id.charAt(0).toUpperCase() + def.id.slice(1), {
        partitionKey: attr(def.partitionKey),
        ...(def.sortKey ? { sortKey: attr(def.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
        ...(def.id === 'audit' ? { resourcePolicy: appendOnlyPolicy() } : {}),
      });
      for (const index of def.indexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attr(index.partitionKey),
          ...(index.sortKey ? { sortKey: attr(index.sortKey) } : {}),
          projectionType: index.keysOnly ? dynamodb.ProjectionType.KEYS_ONLY : dynamodb.ProjectionType.ALL,
        });
      }
      this.byId.set(def.id, table);
    }
  }

  table(id: TableId): dynamodb.Table {
    const table = this.byId.get(id);
    if (!table) throw new Error(`no table ${id}`);
    return table;
  }

  /** Binds a table to a function: the env var and the least grant, in one call. */
  bind(fn: { addEnvironment(k: string, v: string): unknown; role?: iam.IRole }, id: TableId, access: TableAccess): void {
    const table = this.table(id);
    fn.addEnvironment(tableEnvVar(id), table.tableName);
    const grantee = fn.role;
    if (!grantee) throw new Error('function has no role');
    if (access === 'read') table.grantReadData(grantee);
    else if (access === 'readWrite') table.grantReadWriteData(grantee);
    else {
      // Append-only (NEN 7513): put, never update or delete. (An entry written inside
      // TransactWriteItems is authorized as the PutItem it is.) `readIndex`, the privacy
      // officer's route, also reads the log by key and through its indexes; its own read is
      // logged, so it puts too, and still never updates or deletes.
      table.grant(grantee, 'dynamodb:PutItem');
      this.key.grantEncrypt(grantee);
      if (access === 'readIndex') {
        iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query', 'dynamodb:GetItem'], resourceArns: [table.tableArn, `${table.tableArn}/index/*`] });
        this.key.grantDecrypt(grantee);
      }
    }
    if (id === 'audit') {
      // What secret.grantRead gives, but in the function's own policy only: grantRead's key
      // grant (via a ViaServicePrincipal) lands in the key policy, which would make this
      // stack name every function's role, a cycle with the stacks that use the tables.
      fn.addEnvironment(patientKeySecretEnvVar, this.patientKey.secretArn);
      iam.Grant.addToPrincipal({ grantee, actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resourceArns: [this.patientKey.secretArn] });
      grantee.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }
}

/** The audit table's resource policy: a Deny for everyone beats any Allow. */
function appendOnlyPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AppendOnlyNen7513',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...auditDeniedActions],
        // The table's own ARN would be a circular reference; "*" in its policy means this table.
        resources: ['*'],
      }),
    ],
  });
}
