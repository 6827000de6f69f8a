import { caseIndexes } from '../entities/case';
import { facilityIndexes } from '../entities/facility';
/**
 * The DynamoDB tables, defined once: the CDK data stack and the local runtime's
 * table creation both read this list, so local and cloud cannot drift apart.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  /** Logical id; the env var holding the physical name is `${ID}_TABLE`. */
  id: 'cases' | 'facilities' | 'rosters' | 'notifications' | 'audit' | 'consultations' | 'idempotency';
  description: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Global secondary indexes; `keysOnly` projects the keys only (least data, AVG). */
  indexes?: Array<{ name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; keysOnly?: boolean }>;
  timeToLiveAttribute?: string;
}

export const tables: readonly TableDefinition[] = [
  {
    id: 'cases',
    description: 'Referral cases: referral, decision, hold, placement, owner, timeline',
    partitionKey: { name: 'caseId', type: 'S' },
    // Sparse: only a case that holds a bed carries holdExpiresAt, so the sweep reads
    // just the held beds of its region, never the whole history; keys only, no patient data.
    indexes: [
      { name: caseIndexes.heldBeds, partitionKey: { name: 'region', type: 'S' }, sortKey: { name: 'holdExpiresAt', type: 'S' }, keysOnly: true },
      // The coordinator's overview: the region's cases by creation time.
      { name: caseIndexes.byRegion, partitionKey: { name: 'region', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' }, keysOnly: true },
      // Sparse: only a case its workflow should be moving (referred, triaged, a held bed) carries
      // executionArn, so the sweep of stuck cases reads just those, never the history; keys only.
      { name: caseIndexes.awaitingWorkflow, partitionKey: { name: 'region', type: 'S' }, sortKey: { name: 'executionArn', type: 'S' }, keysOnly: true },
      // Sparse: a person's cases by the pseudonymous patient key (an HMAC of the BSN, never the BSN), for
      // continuity (many moves, a return after discharge); keys only, so the index holds no patient fact.
      { name: caseIndexes.byPatient, partitionKey: { name: 'patientKey', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' }, keysOnly: true },
      // Sparse: only an admitted case with a stay clock carries stayClockDue (its next reminder or
      // the end of the stay), so the job SweepStayClocks reads just those; keys only.
      { name: caseIndexes.stayClocks, partitionKey: { name: 'region', type: 'S' }, sortKey: { name: 'stayClockDue', type: 'S' }, keysOnly: true },
    ],
  },
  {
    id: 'facilities',
    description: 'Facilities (META item) and their wards with bed counts (WARD#<ward> items)',
    partitionKey: { name: 'facilityId', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    // A placement reads the facilities of the kinds its plan may use: no scan, none for home.
    // No patient data in this table; all attributes projected (the plan needs the counts).
    indexes: [{ name: facilityIndexes.byKind, partitionKey: { name: 'kind', type: 'S' }, sortKey: { name: 'district', type: 'S' } }],
  },
  {
    id: 'rosters',
    description: 'Who is on duty: district teams, on-call SO chain, transfer nurse desks, coordinator',
    partitionKey: { name: 'rosterKey', type: 'S' },
    sortKey: { name: 'slotId', type: 'S' },
  },
  {
    id: 'notifications',
    description: 'Every SMS the system sent or would send (the local outbox), per case',
    partitionKey: { name: 'caseId', type: 'S' },
    sortKey: { name: 'messageId', type: 'S' },
  },
  {
    id: 'consultations',
    description: 'SO consultation requests: single-use answer links, stored by the hash of their token',
    partitionKey: { name: 'tokenHash', type: 'S' },
    timeToLiveAttribute: 'ttl',
  },
  {
    id: 'idempotency',
    description: 'Answers of requests sent with an Idempotency-Key (a day), so a retried referral makes one case (Powertools idempotency)',
    partitionKey: { name: 'id', type: 'S' },
    timeToLiveAttribute: 'expiration',
  },
  {
    id: 'audit',
    description: 'NEN 7513 access log: append-only, the application may only put',
    partitionKey: { name: 'caseId', type: 'S' },
    sortKey: { name: 'auditId', type: 'S' },
    indexes: [
      // Who looked at my data: every entry about one person, by the pseudonymous patient key (an HMAC of the BSN).
      { name: 'byPatient', partitionKey: { name: 'patientKey', type: 'S' }, sortKey: { name: 'auditId', type: 'S' } },
      // Sparse: only a refusal or a break-the-glass access carries `flagged` (its outcome), for the privacy officer.
      { name: 'flagged', partitionKey: { name: 'flagged', type: 'S' }, sortKey: { name: 'auditId', type: 'S' } },
    ],
  },
];

export type TableId = TableDefinition['id'];

export const tableEnvVar = (id: TableId): string => `${id.toUpperCase()}_TABLE`;
