import { describe, expect, it } from 'vitest';
import { ageBand, anonymiseCase, dueForAnonymising } from '../../functions/domain/anonymise';
import { caseSchema, type Case } from '../../functions/domain/case';
import { figuresCaseSchema, replayCaseSchema, reviewCaseSchema } from '../../functions/domain/case-history';
import { computeFigures } from '../../functions/domain/figures';
import { localPeriod } from '../../functions/domain/local-date';
import { hospitalStay } from '../../functions/domain/outcomes';
import { referralSchema } from '../../functions/domain/referral-schema';
import { storedReferralSchema } from '../../functions/domain/stored-referral';
import { figuresItem } from '../../functions/entities/case-history';
import { newCase } from '../support/cases';
import { asFiguresCase, historyFacilities, period, seededHistory } from '../support/history';
import { referral } from '../support/referral';

const now = new Date('2028-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** A discharged case with everything a person leaves behind: names, free text, the SO's advice. */
function fullCase(): Case {
  return newCase(
    {
      status: 'discharged',
      district: 'Delfshaven',
      owner: { role: 'transfer_nurse', id: 'hk-noord' },
      referredBy: 'huisarts-jansen',
      consultedUsernames: ['so-de-vries'],
      workflowStartedBy: 'huisarts-jansen',
      consultationRequestedBy: 'hap-triagist-bakker',
      hold: { facilityId: 'hk-noord', ward: 'somatiek', expiresAt: daysAgo(450) },
      placement: { destination: 'herstelkliniek', facilityId: 'hk-noord', ward: 'somatiek', tried: [{ facilityId: 'hk-zuid', destination: 'herstelkliniek', ward: 'somatiek', reason: 'full' }], at: daysAgo(450) },
      timeline: [
        { at: daysAgo(450), step: 'referred', by: { role: 'gp', id: 'huisarts-jansen', name: 'Dr. Jansen' }, detail: 'Verwijzing ontvangen van de huisarts' },
        { at: daysAgo(450), step: 'consultation_answered', by: { role: 'so', id: 'so-de-vries', name: 'Dr. De Vries' }, detail: 'Dr. De Vries geeft advies: let op de nierfunctie' },
        { at: daysAgo(450), step: 'bed_held', by: { role: 'system', id: 'verkeerstoren' } },
        { at: daysAgo(449), step: 'admission_confirmed', by: { role: 'transfer_nurse', id: 'hk-noord' }, detail: 'Opname bevestigd' },
        { at: daysAgo(440), step: 'discharged', by: { role: 'coordinator', id: 'rotterdam' } },
      ],
      createdAt: daysAgo(450),
      updatedAt: daysAgo(440),
      version: 5,
    },
    referral({ patient: { age: 86, postcode: '3021 AB', bsn: '111222333', carerOverburdened: true } }),
  );
}

describe('anonymising a case after the retention', () => {
  const before = fullCase();
  const after = anonymiseCase(before, now);

  it('removes the BSN, the postcode, the age (a band instead), every free text and every person', () => {
    expect(after.referral.patient).toEqual({ ageBand: '80-89', livesAlone: false, informalCarerAvailable: true, carerOverburdened: true });
    for (const key of ['referredBy', 'consultedUsernames', 'workflowStartedBy', 'consultationRequestedBy']) expect(after).not.toHaveProperty(key);
    expect(after.timeline.every((e) => e.detail === undefined && e.by.name === undefined)).toBe(true);
    expect(after.timeline.map((e) => e.by)).toEqual([
      { role: 'gp', id: 'gp' },
      { role: 'so', id: 'so' },
      { role: 'system', id: 'verkeerstoren' },
      { role: 'transfer_nurse', id: 'hk-noord' },
      { role: 'coordinator', id: 'rotterdam' },
    ]);
    expect(after.decision?.reasons).toEqual([]);
    expect(after.decision?.facts).toEqual({});
    const text = JSON.stringify(after);
    expect(text).not.toMatch(/111222333|3021|"age"|postcode|huisarts-jansen|Jansen|de-vries|Vries|bakker|nierfunctie|Verwijzing ontvangen/);
    expect(after.anonymisedAt).toBe(now.toISOString());
    expect(after.version).toBe(before.version + 1);
  });

  it('keeps what the figures read: status, district, times, steps, decision, hold and placement, the referrer and urgency', () => {
    expect(after).toMatchObject({ caseId: before.caseId, region: 'rotterdam', status: 'discharged', district: 'Delfshaven', createdAt: before.createdAt, updatedAt: before.updatedAt, hold: before.hold, placement: before.placement });
    expect(after.timeline.map((e) => [e.at, e.step])).toEqual(before.timeline.map((e) => [e.at, e.step]));
    const { reasons: _r, facts: _f, ...decision } = before.decision ?? ({} as NonNullable<Case['decision']>);
    expect(after.decision).toMatchObject(decision);
    expect(after.referral.presentation).toEqual(before.referral.presentation);
    expect(after.referral.referrer).toEqual(before.referral.referrer);
    expect(after.referral.acp).toEqual(before.referral.acp);
  });

  it('still parses as a case and for the figures and the review; the what-if leaves it out; a new referral still needs every field', () => {
    const stored = JSON.parse(JSON.stringify(after)) as Record<string, unknown>;
    expect(caseSchema.parse(stored)).toEqual(after);
    expect(figuresCaseSchema.safeParse(figuresItem(stored)).success).toBe(true);
    expect(reviewCaseSchema.safeParse(figuresItem(stored)).success).toBe(true);
    expect(replayCaseSchema.safeParse(stored).success).toBe(false);
    expect(referralSchema.safeParse(after.referral).success).toBe(false);
    expect(storedReferralSchema.safeParse(after.referral).success).toBe(false);
    // Nothing half-anonymised parses: a band next to the age, or a BSN left behind.
    expect(caseSchema.safeParse({ ...stored, referral: { ...after.referral, patient: { ...after.referral.patient, bsn: '111222333' } } }).success).toBe(false);
    expect(caseSchema.safeParse({ ...stored, referral: { ...after.referral, patient: { ...after.referral.patient, age: 86 } } }).success).toBe(false);
  });

  it('is done once: anonymising again changes only the moment', () => {
    const again = anonymiseCase(after, now);
    expect({ ...again, version: after.version }).toEqual(after);
    expect(dueForAnonymising(after, now, 400)).toBe(false);
  });

  it('leaves every figure of a period as it was', () => {
    const history = seededHistory();
    const figuresOf = (cases: Case[]) =>
      computeFigures({ cases: cases.map(asFiguresCase), facilities: historyFacilities(), period: localPeriod(period.from, period.to), now: new Date('2026-12-01T12:00:00Z'), hospitalStay: hospitalStay(undefined) });
    expect(figuresOf(history.map((c) => anonymiseCase(c, now)))).toEqual(figuresOf(history));
  });
});

describe('which cases are due', () => {
  const c = (status: Case['status'], days: number) => ({ status, createdAt: daysAgo(days) });
  it('a closed case older than the retention', () => {
    for (const status of ['call_112', 'discharged', 'cancelled'] as const) expect(dueForAnonymising(c(status, 401), now, 400)).toBe(true);
    expect(dueForAnonymising(c('discharged', 399), now, 400)).toBe(false);
    expect(dueForAnonymising(c('discharged', 20), now, 10)).toBe(true);
  });
  it('an open case only after the retention and the grace of 30 days', () => {
    expect(dueForAnonymising(c('admission_confirmed', 420), now, 400)).toBe(false);
    expect(dueForAnonymising(c('escalated', 431), now, 400)).toBe(true);
  });
  it('never a case anonymised already', () => expect(dueForAnonymising({ ...c('discharged', 500), anonymisedAt: daysAgo(10) }, now, 400)).toBe(false));
  it('ages fall into bands of ten years', () => expect([65, 79, 80, 89, 90, 100].map(ageBand)).toEqual(['60-69', '70-79', '80-89', '80-89', '90-99', '100-109']));
});
