import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableEnvVar, tables, type TableId } from '../../functions/data/tables';
import type { TableAccess } from '../../functions/manifest';

/**
 * Every table of functions/data/tables.ts, encrypted with one customer-managed key,
 * point-in-time recovery on, kept on stack deletion.
 */
export class DataTables extends Construct {
  readonly key: kms.Key;
  private readonly byId = new Map<TableId, dynamodb.Table>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'PatientDataKey', {
      description: 'Encrypts cases, notifications and the audit log (AVG / NEN 7510)',
      enableKeyRotation: true,
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
      // Append-only (NEN 7513): put, never update or delete.
      table.grant(grantee, 'dynamodb:PutItem');
      this.key.grantEncrypt(grantee);
    }
  }
}
