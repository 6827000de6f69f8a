import { describe, expect, it } from 'vitest';
import { wardMaxStayDays, type Facility } from '../../functions/domain/facility';
import { daysLeft, reminderDay, startStayClock, stayDay, stayEnded } from '../../functions/domain/stay-clock';
import { dischargeLabels, smsTemplates, type SmsContext } from '../../functions/domain/sms';
import { smsLeaks } from '../../functions/domain/sms-privacy';
import { dutchPhoneE164, referralSchema } from '../../functions/domain/referral-schema';
import { dischargeRequestSchema } from '../../functions/domain/discharge';
import { caseReferralSchema } from '../../functions/domain/stored-referral';
import { caseCommands } from '../../functions/entities/case';
import { sampleFacilities } from '../../local/seed';
import { referral } from '../support/referral';
import { newCase } from '../support/cases';
import { anonymiseCase } from '../../functions/domain/anonymise';

const day = 86_400_000;
const admitted = new Date('2026-11-23T14:00:00Z');

describe('stay clock', () => {
  it('ends after the ward maximum; reminds two days before, an REO stay on day 7', () => {
    expect(startStayClock(admitted, 14, 'herstelkliniek')).toEqual({
      stayEndsAt: new Date(admitted.getTime() + 14 * day).toISOString(),
      stayClockDue: new Date(admitted.getTime() + 12 * day).toISOString(),
      stayClockStep: 'reminder',
    });
    expect(startStayClock(admitted, 9, 'reo_bed')?.stayClockDue).toBe(new Date(admitted.getTime() + 7 * day).toISOString());
    // An REO ward with a shorter maximum still reminds before its end; a very short stay at once.
    expect(reminderDay('reo_bed', 6)).toBe(4);
    expect(reminderDay('wijkkliniek', 1)).toBe(0);
    expect(startStayClock(admitted, undefined, 'herstelkliniek')).toBeUndefined();
  });

  it('a day can be shortened (stayDaySeconds) for tests and demos', () => {
    const clock = startStayClock(admitted, 9, 'reo_bed', 2);
    expect(Date.parse(clock?.stayEndsAt ?? '') - admitted.getTime()).toBe(18_000);
    expect(Date.parse(clock?.stayClockDue ?? '') - admitted.getTime()).toBe(14_000);
  });

  it('counts the days left up, and the day of the stay from them', () => {
    const ends = new Date(admitted.getTime() + 9 * day).toISOString();
    expect(daysLeft(ends, new Date(admitted.getTime() + 7 * day))).toBe(2);
    expect(daysLeft(ends, new Date(admitted.getTime() + 7 * day + 60_000))).toBe(2);
    expect(daysLeft(ends, new Date(admitted.getTime() + 10 * day))).toBe(0);
    expect(stayDay(ends, 9, new Date(admitted.getTime() + 7 * day))).toBe(7);
  });

  it('has ended for a case still admitted past its end only', () => {
    const stayEndsAt = new Date(admitted.getTime() + day).toISOString();
    const later = new Date(admitted.getTime() + 2 * day);
    expect(stayEnded({ status: 'admission_confirmed', stayEndsAt }, later)).toBe(true);
    expect(stayEnded({ status: 'admission_confirmed', stayEndsAt }, admitted)).toBe(false);
    expect(stayEnded({ status: 'discharged', stayEndsAt }, later)).toBe(false);
    expect(stayEnded({ status: 'admission_confirmed' }, later)).toBe(false);
  });

  it('takes the ward maximum, the facility one where a ward has none of its own, and none on a palliative ward', () => {
    const f: Pick<Facility, 'maxStayDays' | 'wards'> = {
      maxStayDays: 14,
      wards: [
        { ward: 'grz', total: 1, free: 1, held: 0, maxStayDays: 42 },
        { ward: 'somatiek', total: 1, free: 1, held: 0 },
        { ward: 'palliatief', total: 1, free: 1, held: 0, maxStayDays: null },
      ],
    };
    expect([wardMaxStayDays(f, 'grz'), wardMaxStayDays(f, 'somatiek'), wardMaxStayDays(f, 'palliatief')]).toEqual([42, 14, undefined]);
    // The sample region: REO 9 days, no palliative maximum.
    const seeded = sampleFacilities();
    for (const reo of seeded.filter((s) => s.kind === 'reo_bed')) expect(wardMaxStayDays(reo, 'algemeen')).toBe(9);
    for (const hk of seeded.filter((s) => s.wards.some((w) => w.ward === 'palliatief'))) expect(wardMaxStayDays(hk, 'palliatief')).toBeUndefined();
  });

  it('its commands: the sweep acts only on the clock it read, a discharge takes the case off the index', () => {
    const entry = { at: admitted.toISOString(), step: 'stay_ended', by: { role: 'system', id: 'verkeerstoren' } };
    const ended = caseCommands.advanceStayClock('cases', 'VT-7K2M9Q', '2026-11-30T14:00:00.000Z', entry);
    expect(ended.ConditionExpression).toBe('#st = :confirmed AND stayClockDue = :seenDue');
    expect(ended.UpdateExpression).toMatch(/REMOVE stayClockDue, stayClockStep$/);
    const next = caseCommands.advanceStayClock('cases', 'VT-7K2M9Q', '2026-11-30T14:00:00.000Z', entry, { stayClockDue: '2026-12-02T14:00:00.000Z', stayClockStep: 'end' });
    expect(next.UpdateExpression).not.toMatch(/REMOVE/);
    expect(next.ExpressionAttributeValues[':stayClockDue']).toBe('2026-12-02T14:00:00.000Z');
    const discharged = caseCommands.discharge('cases', 'VT-7K2M9Q', entry, { at: entry.at, dischargedTo: 'home', note: 'x' });
    expect(discharged.UpdateExpression).toMatch(/REMOVE .*stayClockDue, stayClockStep/);
    expect(discharged.ExpressionAttributeValues[':discharge']).toEqual({ at: entry.at, dischargedTo: 'home', note: 'x' });
  });
});

describe('the texts of stay clocks and discharges', () => {
  const ctx = (destination: SmsContext['destination']): SmsContext => ({ caseId: 'VT-7K2M9Q', urgency: 'U3', destination, region: 'rotterdam', callback: '+31102000000', link: 'https://verkeerstoren.example/casus/VT-7K2M9Q' });
  const bodies = [
    ...(['herstelkliniek', 'wijkkliniek', 'reo_bed'] as const).flatMap((k) => [
      smsTemplates.stayEnding({ ...ctx(k), daysLeft: 2, maxStayDays: 14 }),
      smsTemplates.stayEnding({ ...ctx(k), daysLeft: 1, maxStayDays: 42 }),
      ...(Object.keys(dischargeLabels) as Array<keyof typeof dischargeLabels>).map((to) => smsTemplates.discharged({ ...ctx(k), dischargedTo: to })),
      smsTemplates.dischargedHome({ ...ctx(k), dischargedTo: 'home' }),
      smsTemplates.dischargedHome({ ...ctx(k), dischargedTo: 'home_with_care' }),
    ]),
    smsTemplates.reoGpConsultDesk({ ...ctx('reo_bed'), day: 7, maxStayDays: 9 }),
    smsTemplates.reoGpConsultGp({ ...ctx('reo_bed'), day: 7, maxStayDays: 9, deskPhone: '+31610003021' }),
  ];

  it('carry the case reference and link, no patient fact, in GSM-7 and two segments at most', () => {
    for (const body of bodies) {
      expect(smsLeaks(body), body).toEqual([]);
      expect(body).toContain('VT-7K2M9Q');
      expect(body).toMatch(/https:\/\/\S+VT-7K2M9Q/);
      expect(body, body).toMatch(/^[\x20-\x7e]*$/);
      expect(body.length, body).toBeLessThanOrEqual(306);
    }
    expect(smsTemplates.stayEnding({ ...ctx('herstelkliniek'), daysLeft: 1, maxStayDays: 14 })).toContain('eindigt over 1 dag (max 14)');
    expect(smsTemplates.reoGpConsultDesk({ ...ctx('reo_bed'), day: 7, maxStayDays: 9 })).toContain('dag 7 van max 9. Plan nu het overleg met de huisarts');
  });
});

describe('discharge and GP practice input', () => {
  it('normalises a Dutch GP practice number to E.164 and refuses others', () => {
    expect(dutchPhoneE164('010 - 123 45 67')).toBe('+31101234567');
    expect(dutchPhoneE164('+31 (0)10 123 4567')).toBe('+31101234567');
    expect(dutchPhoneE164('0031101234567')).toBe('+31101234567');
    expect(dutchPhoneE164('06-12345678')).toBe('+31612345678');
    for (const bad of ['+44 20 7946 0958', '010 123 456', '0101234567890', 'huisarts', '']) expect(dutchPhoneE164(bad), bad).toBeUndefined();
    const parsed = referralSchema.parse(referral({ patient: { gpPracticePhone: '010 1234567' } }));
    expect(parsed.patient.gpPracticePhone).toBe('+31101234567');
    // Stored and read again: still valid, unchanged.
    const stored = caseReferralSchema.parse(parsed);
    expect('gpPracticePhone' in stored.patient && stored.patient.gpPracticePhone).toBe('+31101234567');
  });

  it('a discharge names where to; the note is optional', () => {
    expect(dischargeRequestSchema.parse({ dischargedTo: 'wlz' })).toEqual({ dischargedTo: 'wlz' });
    expect(dischargeRequestSchema.parse({ dischargedTo: 'home', note: '  thuiszorg start morgen ' })).toEqual({ dischargedTo: 'home', note: 'thuiszorg start morgen' });
    const refused = dischargeRequestSchema.safeParse({ dischargedTo: 'naar huis' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['dischargedTo'], message: expect.stringContaining('kies waarheen') });
  });
});

describe('after the retention', () => {
  it('the referrer phone, the GP practice phone and the handover note go; where the patient went stays', () => {
    const c = newCase({
      status: 'discharged',
      referral: referralSchema.parse(referral({ patient: { gpPracticePhone: '0101234567' } })),
      referrerPhone: '+31610007001',
      stayEndsAt: '2025-01-10T10:00:00.000Z',
      discharge: { at: '2025-01-09T10:00:00.000Z', dischargedTo: 'home_with_care', note: 'Wondzorg dagelijks' },
      createdAt: '2025-01-01T10:00:00.000Z',
    });
    const anonymised = anonymiseCase(c, new Date('2026-06-01T00:00:00Z'));
    const text = JSON.stringify(anonymised);
    for (const gone of ['+31610007001', '+31101234567', 'Wondzorg']) expect(text).not.toContain(gone);
    expect(anonymised.discharge).toEqual({ at: '2025-01-09T10:00:00.000Z', dischargedTo: 'home_with_care' });
    expect(anonymised.stayEndsAt).toBe('2025-01-10T10:00:00.000Z');
  });
});
