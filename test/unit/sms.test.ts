import { describe, expect, it } from 'vitest';
import { holdReleaseLabels, smsTemplates, type HoldRelease, type SmsContext } from '../../functions/domain/sms';
import { smsLeaks } from '../../functions/domain/sms-privacy';
import { destinations } from '../../functions/domain/triage/tree-schema';

// GSM 03.38 basic set: anything else turns an SMS into UCS-2 (70 characters a segment).
const gsm7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

const contexts: SmsContext[] = destinations.map((destination) => ({
  caseId: 'VT-7K2M9Q',
  urgency: 'U3',
  destination,
  region: 'rotterdam',
  callback: '+31102000000',
  link: 'https://verkeerstoren.example/casus/VT-7K2M9Q',
}));

const rendered = contexts.flatMap((c) => [
  smsTemplates.destination(c),
  smsTemplates.bedHeld({ ...c, until: '2026-11-23T15:05:00Z' }),
  smsTemplates.holdExpired(c),
  smsTemplates.unplaced(c),
  smsTemplates.consultation({ ...c, question: 'escalatie HAP; bestemming thuis met acuut wijkteam', minutes: 15 }),
  smsTemplates.consultationUnanswered({ ...c, question: 'consult SO' }),
  smsTemplates.teamConfirmation({ ...c, minutes: 30 }),
  smsTemplates.consultationUnanswered({ ...c, question: 'bevestiging team thuis' }),
  smsTemplates.workflowStalled(c),
]);
// To a desk whose held bed went back: no link, the case is no longer theirs.
const released = contexts.flatMap((c) => (Object.keys(holdReleaseLabels) as HoldRelease[]).map((why) => smsTemplates.holdReleased({ ...c, why })));
const withoutLink = [
  smsTemplates.undeliverable({ caseId: 'VT-7K2M9Q', recipient: 'district_team:Charlois' }),
  smsTemplates.workflowFailed({ caseId: 'VT-7K2M9Q', urgency: 'U3', region: 'rotterdam' }),
  ...released,
  // To the patient's GP practice: no account to open the case, so the desk to call instead of a link.
  ...contexts.map((c) => smsTemplates.dischargedPractice({ ...c, dischargedTo: 'home_with_care', deskPhone: '+31102000001' })),
];

describe('SMS templates', () => {
  it('carry no BSN, postcode, date or diagnosis, for every destination', () => {
    for (const body of [...rendered, ...withoutLink]) expect(smsLeaks(body), body).toEqual([]);
  });

  it('use only GSM-7 characters and fit in two segments at most', () => {
    for (const body of [...rendered, ...withoutLink]) {
      expect(body, body).toMatch(gsm7);
      expect(body.length, body).toBeLessThanOrEqual(306);
    }
  });

  it('give the case reference, urgency and a link', () => {
    for (const body of rendered) {
      expect(body).toContain('VT-7K2M9Q');
      expect(body).toContain('U3');
      expect(body).toMatch(/https:\/\/\S+VT-7K2M9Q/);
    }
  });

  it('the leak scan itself catches what it must', () => {
    expect(smsLeaks('casus VT-1, BSN 111222333')).toContain('9-digit number (BSN?)');
    expect(smsLeaks('woont op 3021 AB')).toContain('postcode');
    expect(smsLeaks('woont op 3021ab')).toContain('postcode');
    expect(smsLeaks('geb. 12-03-1938')).toContain('date');
    expect(smsLeaks('pneumonie, graag bellen')).toEqual(['diagnosis word "pneumoni"']);
    expect(smsLeaks('Bel +31102000000. https://x/c/AbCdEfGhIjKlMnOpQrStUvWx')).toEqual([]);
    // A case reference or a token that looks like a postcode is not one.
    expect(smsLeaks('casus VT-5256AA, https://x/casus/VT-5256AA')).toEqual([]);
    expect(smsLeaks('https://x/c/ab-1234AB-cdefghijklmnopqrst')).toEqual([]);
    expect(smsLeaks('https://x/patient?postcode=3021AB')).toEqual(['unexpected link https://x/patient?postcode=3021AB']);
  });
});
