import { auditEntry } from '../domain/audit';
import { systemActor, type Case } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import type { Facility } from '../domain/facility';
import type { AuditLog, Capacity, CaseStore, Recipient, Roster, SmsMessage } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { daysLeft, stayDay, stayPhysician } from '../domain/stay-clock';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface SweepStayClocksDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'dueStayClocks' | 'advanceStayClock'>;
  capacity: Pick<Capacity, 'get'>;
  roster: Pick<Roster, 'soChain'>;
  audit: AuditLog;
  stayDaySeconds: number;
}

export interface SweepStayClocksResult {
  /** Cases whose stay-end reminder went out. */
  reminded: string[];
  /** Cases whose maximum stay ended while still admitted (the overview lists them first). */
  ended: string[];
}

const via = 'schedule:SweepStayClocks';

/**
 * The treating physician of the stay, by the kind of bed (domain brief): the on-call SO for a
 * herstelkliniek; the GP for an REO bed (the referrer if a GP referred, else the patient's GP
 * practice where the referral names it); a wijkkliniek's medical specialist through the
 * facility's desk, which is texted anyway.
 */
async function physicianOf(deps: Pick<SweepStayClocksDeps, 'roster' | 'clock'>, c: Case, facility: Facility): Promise<(Recipient & { who: string }) | { who: string; missing: true } | undefined> {
  const physician = stayPhysician[facility.kind];
  if (physician === 'so') {
    const so = (await deps.roster.soChain(deps.clock.now()))[0];
    return so ? { ...so, who: 'de SO van dienst' } : { who: 'de SO van dienst', missing: true };
  }
  if (physician === 'gp') {
    if (c.referral.referrer.role === 'gp' && c.referrerPhone) return { recipient: `gp:${c.referredBy ?? 'verwijzer'}`, phone: c.referrerPhone, who: 'de huisarts' };
    const practice = 'gpPracticePhone' in c.referral.patient ? c.referral.patient.gpPracticePhone : undefined;
    if (practice) return { recipient: 'gp_practice', phone: practice, who: 'de huisartspraktijk' };
    return { who: 'de huisarts', missing: true };
  }
  return undefined;
}

/** The reminder: the facility's desk and the treating physician are texted (an REO stay: the consultation with the GP). */
async function remind(deps: SweepStayClocksDeps, c: Case, due: string, facility: Facility): Promise<boolean> {
  const now = deps.clock.now();
  const stayEndsAt = c.stayEndsAt as string;
  const maxStayDays = c.maxStayDays ?? facility.maxStayDays;
  const left = daysLeft(stayEndsAt, now, deps.stayDaySeconds);
  const ctx = smsContext(deps, c, facility.kind);
  const physician = await physicianOf(deps, c, facility);
  const reo = facility.kind === 'reo_bed';
  const day = stayDay(stayEndsAt, maxStayDays, now, deps.stayDaySeconds);
  const messages: SmsMessage[] = [
    {
      to: facility.transferNursePhone,
      recipient: `transfer_nurse:${facility.facilityId}`,
      caseId: c.caseId,
      body: reo ? smsTemplates.reoGpConsultDesk({ ...ctx, day, maxStayDays }) : smsTemplates.stayEnding({ ...ctx, daysLeft: left, maxStayDays }),
    },
  ];
  if (physician && !('missing' in physician)) {
    messages.push({
      to: physician.phone,
      recipient: physician.recipient,
      caseId: c.caseId,
      body: reo ? smsTemplates.reoGpConsultGp({ ...ctx, day, maxStayDays, deskPhone: facility.transferNursePhone }) : smsTemplates.stayEnding({ ...ctx, daysLeft: left, maxStayDays }),
    });
  }
  const told = ['de transferverpleegkundige', ...(physician && !('missing' in physician) ? [physician.who] : [])].join(' en ');
  const unreachable = physician && 'missing' in physician ? `; ${physician.who} is niet per sms bereikbaar (geen nummer bekend)` : '';
  const detail = reo
    ? `REO dag ${day} van max ${maxStayDays}: overleg met de huisarts over het plan gevraagd; sms aan ${told}${unreachable}`
    : `Verblijf eindigt over ${left} ${left === 1 ? 'dag' : 'dagen'} (max ${maxStayDays}); sms aan ${told}${unreachable}`;
  // Claim first (conditional on the clock read): a second run, or a discharge meanwhile, texts nobody.
  if (!(await claim(deps, c, due, { at: now.toISOString(), step: 'stay_reminder', by: systemActor, detail }, { stayClockDue: stayEndsAt, stayClockStep: 'end' }))) return false;
  for (const m of messages) await deps.notifier.send(m);
  return true;
}

async function claim(deps: SweepStayClocksDeps, c: Case, due: string, entry: Parameters<CaseStore['advanceStayClock']>[2], next?: Parameters<CaseStore['advanceStayClock']>[3]): Promise<boolean> {
  try {
    await deps.cases.advanceStayClock(c.caseId, due, entry, next, auditEntry(workflowAccess(c, via), 'workflow.update', { caseId: c.caseId, bsn: c.referral.patient.bsn }));
    return true;
  } catch (error) {
    if (error instanceof CaseClosedError) return false;
    throw error;
  }
}

/**
 * Scheduled job SweepStayClocks (every 15 minutes; locally on --sweep-interval): for every
 * admitted case whose stay clock is due (the sparse stayClocks index, keys only) the reminder
 * goes out, or, at the end of the stay, the timeline records it and the clock stops. Each
 * step is a conditional write on the clock it read, so racing a discharge or another run is harmless.
 */
export async function sweepStayClocks(deps: SweepStayClocksDeps, region: string): Promise<SweepStayClocksResult> {
  const result: SweepStayClocksResult = { reminded: [], ended: [] };
  const failed: unknown[] = [];
  for (const caseId of await deps.cases.dueStayClocks(region, deps.clock.now())) {
    try {
      const c = await loadCase(deps, caseId, (found) => workflowAccess(found, via));
      const due = c.stayClockDue;
      const now = deps.clock.now();
      if (c.status !== 'admission_confirmed' || !due || due > now.toISOString() || !c.stayEndsAt || !c.placement?.facilityId) continue;
      const facility = await deps.capacity.get(c.placement.facilityId);
      if (!facility) throw new Error(`onbekende instelling ${c.placement.facilityId} bij casus ${caseId}`);
      if ((c.stayClockStep ?? 'reminder') === 'reminder' && c.stayEndsAt > now.toISOString()) {
        if (await remind(deps, c, due, facility)) result.reminded.push(caseId);
        continue;
      }
      const maxStayDays = c.maxStayDays ?? facility.maxStayDays;
      const entry = { at: now.toISOString(), step: 'stay_ended', by: systemActor, detail: `Maximale verblijfsduur (${maxStayDays} dagen) bereikt en nog opgenomen: de coördinator ziet de casus bovenaan` };
      if (await claim(deps, c, due, entry)) result.ended.push(caseId);
    } catch (error) {
      // One case that fails must not stop the others' clocks: go on, and fail the run at the end.
      failed.push(error);
    }
  }
  if (failed.length) throw new AggregateError(failed, `${failed.length} verblijfsklok(ken) niet afgehandeld`);
  return result;
}
