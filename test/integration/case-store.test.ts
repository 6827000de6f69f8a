import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoCapacity } from '../../functions/adapters/dynamo-capacity';
import { DynamoCaseStore } from '../../functions/adapters/dynamo-case-store';
import { resetDocumentClient } from '../../functions/adapters/dynamo';
import { resetConfig } from '../../functions/config';
import { tableEnvVar } from '../../functions/data/tables';
import { systemActor } from '../../functions/domain/case';
import { CaseClosedError, CaseIdTakenError, CaseNotFoundError, HoldExpiredError } from '../../functions/domain/errors';
import { createTables } from '../../local/dynamodb-local';
import { newCase } from '../support/cases';
import { seedRegion, testFacility } from '../support/region';

/**
 * The stores against DynamoDB Local: a failed condition says whether the case is gone or
 * moved on by the item DynamoDB returns (ReturnValuesOnConditionCheckFailure ALL_OLD),
 * never by reading an error's text.
 */
beforeAll(async () => {
  const names = await createTables(inject('dynamoEndpoint'), `t${randomUUID().slice(0, 8)}-`);
  for (const [id, name] of Object.entries(names)) process.env[tableEnvVar(id as keyof typeof names)] = name;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  resetConfig();
  resetDocumentClient();
  await seedRegion([testFacility({ facilityId: 'hk-store', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 2, free: 2, held: 0 }] })]);
});

const cases = () => new DynamoCaseStore();
const entry = () => ({ at: new Date().toISOString(), step: 'note', by: systemActor });

describe('a conditional write on a case', () => {
  it('on a case that does not exist says it is not found', async () => {
    await expect(cases().appendTimeline('VT-GONE22', entry(), { status: 'cancelled', from: ['triaged'] })).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(cases().appendTimeline('VT-GONE22', entry())).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it('on a case that moved on says it is closed to this step, and changes nothing', async () => {
    const c = newCase({ status: 'cancelled' });
    await cases().create(c);
    await expect(cases().appendTimeline(c.caseId, entry(), { status: 'escalated', from: ['triaged'] })).rejects.toBeInstanceOf(CaseClosedError);
    expect((await cases().get(c.caseId))?.version).toBe(c.version);
  });

  it('refuses a second case under a taken id', async () => {
    const c = newCase();
    await cases().create(c);
    await expect(cases().create({ ...c, createdAt: new Date().toISOString() })).rejects.toBeInstanceOf(CaseIdTakenError);
  });
});

describe('holding a bed for a case', () => {
  const holdFor = (caseId: string, expiresAt: string) =>
    new DynamoCapacity().hold({
      caseId, facilityId: 'hk-store', ward: 'somatiek', expiresAt, owner: systemActor,
      placement: { destination: 'herstelkliniek', facilityId: 'hk-store', ward: 'somatiek', tried: [], at: new Date().toISOString() },
      entry: { ...entry(), step: 'bed_held' },
    });

  it('a second hold for a case that holds one already answers with the case as it stands', async () => {
    const c = newCase();
    await cases().create(c);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    expect(await holdFor(c.caseId, expiresAt)).toEqual({ result: 'held' });
    const again = await holdFor(c.caseId, expiresAt);
    expect(again.result).toBe('case_busy');
    expect(again.result === 'case_busy' && again.current?.hold).toEqual({ facilityId: 'hk-store', ward: 'somatiek', expiresAt });
  });

  it('a confirmation after the hold ran out is a HoldExpiredError, and the bed stays held for the release', async () => {
    const c = newCase();
    await cases().create(c);
    const expiresAt = new Date(Date.now() - 1_000).toISOString();
    expect(await holdFor(c.caseId, expiresAt)).toEqual({ result: 'held' });
    const held = await cases().get(c.caseId);
    const now = new Date();
    await expect(
      new DynamoCapacity().endHold({ caseId: c.caseId, hold: held!.hold!, outcome: 'admission_confirmed', entry: { ...entry(), step: 'admission_confirmed' }, now }),
    ).rejects.toBeInstanceOf(HoldExpiredError);
    expect((await cases().get(c.caseId))?.status).toBe('bed_held');
  });
});
