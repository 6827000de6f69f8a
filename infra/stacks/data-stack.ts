import { CfnOutput, type Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AuditArchive } from '../constructs/audit-archive';
import { DataTables } from '../constructs/data-tables';

export interface DataStackProps extends StackProps {
  /** How long each nightly export of the access log stays locked (S3 Object Lock, compliance mode). */
  auditRetention: Duration;
}

/**
 * Capacity, cases, rosters, notifications, audit log (with its patient key and its nightly,
 * locked export). Stateful: deployed and kept apart.
 */
export class DataStack extends Stack {
  readonly data: DataTables;
  readonly auditArchive: AuditArchive;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.data = new DataTables(this, 'Tables');
    this.auditArchive = new AuditArchive(this, 'AuditArchive', {
      table: this.data.table('audit'),
      key: this.data.key,
      retention: props.auditRetention,
    });
    new CfnOutput(this, 'AuditExportBucket', { value: this.auditArchive.bucket.bucketName });
  }
}
