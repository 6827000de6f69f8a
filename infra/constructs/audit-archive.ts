import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface AuditArchiveProps {
  /** The audit table (point-in-time recovery on: the export reads from it). */
  table: dynamodb.ITable;
  /** The key of the table, used for the archive too. */
  key: kms.IKey;
  /** How long no one, not even the account's root, can delete or overwrite an export. */
  retention: Duration;
}

/** Where the exports land in the bucket: AWSDynamoDB/<export id>/… under this prefix. */
export const auditExportPrefix = 'audit/';

/**
 * Tamper evidence for the access log (NEN 7513): every night a full export of the audit
 * table to a bucket with S3 Object Lock in compliance mode. An entry changed or removed
 * later (which the table's policy already denies) still shows in the earlier exports.
 */
export class AuditArchive extends Construct {
  readonly bucket: s3.Bucket;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Exports', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(props.retention),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });

    // What DynamoDB needs from the caller of ExportTableToPointInTime: the export itself,
    // writing the files, and the key (reading the table, encrypting the files).
    const role = new iam.Role(this, 'ExportRole', {
      description: 'Verkeerstoren: nachtelijke export van de toegangslog naar S3 (Object Lock)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    props.key.grantEncryptDecrypt(role);
    const tableArn = props.table.tableArn;
    this.schedule = new scheduler.Schedule(this, 'DailyExport', {
      description: 'Toegangslog (audit) elke nacht exporteren naar de Object Lock-bucket',
      schedule: scheduler.ScheduleExpression.cron({ minute: '30', hour: '2', timeZone: TimeZone.EUROPE_BRUSSELS }),
      target: new targets.Universal({
        service: 'dynamodb',
        action: 'exportTableToPointInTime',
        role,
        input: scheduler.ScheduleTargetInput.fromObject({
          TableArn: tableArn,
          S3Bucket: this.bucket.bucketName,
          S3Prefix: auditExportPrefix,
          S3SseAlgorithm: 'KMS',
          S3SseKmsKeyId: props.key.keyArn,
          ExportFormat: 'DYNAMODB_JSON',
        }),
        policyStatements: [
          new iam.PolicyStatement({ actions: ['dynamodb:ExportTableToPointInTime'], resources: [tableArn] }),
          new iam.PolicyStatement({
            actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'],
            resources: [this.bucket.arnForObjects(`${auditExportPrefix}*`)],
          }),
        ],
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
