import { auditEntry } from '../domain/audit';
import type { Case } from '../domain/case';
import { isHomeDischarge, type DischargeRequest } from '../domain/discharge';
import { ConflictError } from '../domain/errors';
import type { Destination } from '../domain/triage/tree-schema';
import { dischargeLabels, smsTemplates } from '../domain/sms';
import type { Access, AuditLog, Capacity, CaseStore, Clock, Notifier, Roster, SmsMessage } from '../domain/ports';
import { authorizeCase, logOnce } from './authorize';
import { requireCase } from './load-case';
import { smsContext, type SmsLinks } from './sms-context';

export interface DischargeCaseDeps extends SmsLinks {
  cases: Pick<CaseStore, 'get'>;
  capacity: Pick<Capacity, 'discharge' | 'get'>;
  roster: Pick<Roster, 'recipientFor'>;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The warm handover's texts: the referrer (the phone of their profile, kept at referral), the
 * patient's own GP practice where the referral names it, and for a discharge home the acute
 * district team on duty for the patient's district. Each carries the case reference, the kind
 * of bed and where to, never the note or any patient fact. The practice has no account to open
 * the case with, so its text gives the facility's transfer nurse desk to call instead of a link.
 */
async function handoverTexts(deps: DischargeCaseDeps, c: Case, input: DischargeRequest, now: Date): Promise<Array<SmsMessage & { who: string }>> {
  const ctx = smsContext(deps, c, (c.placement?.destination ?? 'herstelkliniek') as Destination);
  const told = smsTemplates.discharged({ ...ctx, dischargedTo: input.dischargedTo });
  const texts: Array<SmsMessage & { who: string }> = [];
  if (c.referrerPhone) texts.push({ to: c.referrerPhone, recipient: `${c.referral.referrer.role}:${c.referredBy ?? 'verwijzer'}`, caseId: c.caseId, body: told, who: 'de verwijzer' });
  const practice = 'gpPracticePhone' in c.referral.patient ? c.referral.patient.gpPracticePhone : undefined;
  if (practice && practice !== c.referrerPhone) {
    const desk = c.placement?.facilityId ? (await deps.capacity.get(c.placement.facilityId))?.transferNursePhone : undefined;
    const body = desk ? smsTemplates.dischargedPractice({ ...ctx, dischargedTo: input.dischargedTo, deskPhone: desk }) : told;
    texts.push({ to: practice, recipient: 'gp_practice', caseId: c.caseId, body, who: 'de huisartspraktijk' });
  }
  if (isHomeDischarge(input.dischargedTo)) {
    // A roster that names nobody (not even the coordinator) must not stop the discharge: the timeline says so.
    const team = await deps.roster.recipientFor('home', c.district, now).catch(() => undefined);
    if (team) texts.push({ to: team.phone, recipient: team.recipient, caseId: c.caseId, body: smsTemplates.dischargedHome({ ...ctx, dischargedTo: input.dischargedTo }), who: team.recipient.startsWith('district_team') ? 'het acute wijkteam' : 'de coördinator (geen wijkteam van dienst)' });
  }
  return texts;
}

/**
 * POST /cases/{caseId}/discharge { dischargedTo, note? }: the patient leaves the facility; the
 * bed is free again and the stay clock stops (logged in the same transaction); then the warm
 * handover is texted.
 */
export async function dischargeCase(deps: DischargeCaseDeps, caseId: string, input: DischargeRequest, access: Access): Promise<Case> {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'discharge', 'case.discharge', c);
  const audit = auditEntry(access, 'case.discharge', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    const where = c.placement;
    if (c.status !== 'admission_confirmed' || !where?.facilityId || !where.ward) {
      throw new ConflictError(`casus ${caseId} is niet opgenomen (status ${c.status})`);
    }
    const now = deps.clock.now();
    const texts = await handoverTexts(deps, c, input, now);
    const told = texts.length ? `; warme overdracht per sms aan ${texts.map((t) => t.who).join(', ')}` : '; niemand per sms bereikbaar voor de overdracht';
    await deps.capacity.discharge({
      caseId,
      facilityId: where.facilityId,
      ward: where.ward,
      entry: { at: now.toISOString(), step: 'discharged', by: access.actor, detail: `Ontslagen ${dischargeLabels[input.dischargedTo]}; bed vrijgegeven${told}` },
      record: { at: now.toISOString(), dischargedTo: input.dischargedTo, ...(input.note ? { note: input.note } : {}) },
      audit,
    });
    written();
    for (const { who: _who, ...message } of texts) await deps.notifier.send(message);
    return requireCase(deps.cases, caseId);
  });
}
