import { describe, expect, it } from 'vitest';
import { isValidBsn, parseReferral } from '../../functions/domain/referral-schema';
import { districtForPostcode } from '../../functions/domain/districts';
import { referral } from '../support/referral';
import { newCase } from '../support/cases';
import { caseSchema } from '../../functions/domain/case';

describe('the referral contract', () => {
  it('accepts a complete referral and keeps only the 4 digits of the postcode (the part that is used)', () => {
    const result = parseReferral(referral({ patient: { postcode: '3021ab' } }));
    expect(result.ok && result.value.patient.postcode).toBe('3021');
    // The API still wants the whole postcode: 4 digits alone are not a valid referral.
    expect(parseReferral(referral({ patient: { postcode: '3021' } })).ok).toBe(false);
  });

  it('reads a stored case with the postcode as its digits, and one stored earlier with the letters, as "3021"', () => {
    const parsed = parseReferral(referral());
    if (!parsed.ok) throw new Error('bad baseline');
    for (const postcode of ['3021', '3021 AB']) {
      const stored = caseSchema.parse({ ...newCase(), referral: { ...parsed.value, patient: { ...parsed.value.patient, postcode } } });
      expect(stored.referral.patient.postcode).toBe('3021');
      expect(districtForPostcode(stored.referral.patient.postcode ?? '')).toBe('Delfshaven');
    }
  });

  it('names every offending field by path', () => {
    const bad = referral({ patient: { age: -3, postcode: '12345' }, presentation: { urgency: 'U9' as never } });
    delete (bad.referrer as Partial<typeof bad.referrer>).requestedAt;
    const result = parseReferral(bad);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['patient.age', 'patient.postcode', 'presentation.urgency', 'referrer.requestedAt']),
    );
  });

  it('refuses unknown fields rather than storing them', () => {
    const result = parseReferral({ ...referral(), patient: { ...referral().patient, name: 'Mevr. Jansen' } });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['patient']);
  });

  it('requires an offset on requestedAt', () => {
    const result = parseReferral(referral({ referrer: { requestedAt: '2026-11-23T14:00:00' } }));
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['referrer.requestedAt']);
  });

  it('checks a BSN with the 11-test', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    const result = parseReferral(referral({ patient: { bsn: '123456789' } }));
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['patient.bsn']);
  });
});

describe('postcodes map to districts of the region', () => {
  it.each([
    ['3011 AA', 'Centrum'],
    ['3021 AB', 'Delfshaven'],
    ['3082 CD', 'Charlois'],
    ['2902 AB', 'Capelle aan den IJssel'],
    ['2921 AB', 'Krimpen aan den IJssel'],
  ])('%s lies in %s', (postcode, district) => expect(districtForPostcode(postcode)).toBe(district));

  it('has no district outside the region', () => expect(districtForPostcode('1012 AB')).toBeUndefined());
});
