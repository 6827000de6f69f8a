import { systemActor, type Actor, type Case, type CaseStatus, type Placement } from './case';
import { CaseClosedError, ConflictError, NotFoundError, ValidationError } from './errors';
import { wardNames, wardUpdateSchema } from './facility';
import { planPlacement } from './placement';
import type { AuditLog, Capacity, CaseStore, Clock, Notifier, Roster, WorkflowStarter } from './ports';
import { toFieldErrors } from './referral';
import { destinationLabels, smsTemplates, type SmsContext } from './sms';
import { treeByVersion } from './triage/trees';

/** Use cases around beds: place a case, wait for admission, confirm, cancel, discharge, bed board. */

export interface PlacementDeps {
  cases: CaseStore;
  capacity: Capacity;
  audit: AuditLog;
  clock: Clock;
  notifier: Notifier;
  roster: Roster;
  workflow: WorkflowStarter;
  publicBaseUrl: string;
  callback: string;
}

export type PlacementOutcome =
  | { outcome: 'held'; facilityId: string; ward: string; expiresAt: string }
  | { outcome: 'home' | 'seh' | 'coordinator' };

async function loadCase(deps: Pick<PlacementDeps, 'cases' | 'audit'>, caseId: string, actor: Actor, via: string): Promise<Case> {
  const found = await deps.cases.get(caseId);
  if (!found) throw new NotFoundError(`casus ${caseId} bestaat niet`);
  await deps.audit.record({ caseId, actor, action: 'read', via });
  return found;
}

/** Reads the case again after a conditional write lost a race (the access is already logged). */
async function reload(deps: Pick<PlacementDeps, 'cases'>, caseId: string): Promise<Case> {
  const c = await deps.cases.get(caseId);
  if (!c) throw new NotFoundError(`casus ${caseId} bestaat niet`);
  return c;
}

function smsContext(deps: Pick<PlacementDeps, 'publicBaseUrl' | 'callback'>, c: Case): SmsContext {
  const destination = c.decision?.destination ?? 'herstelkliniek';
  return {
    caseId: c.caseId,
    urgency: c.referral.presentation.urgency,
    destination,
    region: c.region,
    callback: deps.callback,
    link: `${deps.publicBaseUrl}/casus/${c.caseId}`,
  };
}

/**
 * Workflow step PlaceCase: walks the placement plan (clinical destination first, then the
 * fallbacks), holding the first free bed atomically. Records where the case went and what
 * was tried, apart from the clinical decision.
 */
export async function placeCase(deps: PlacementDeps, caseId: string, holdTimeoutSeconds: number): Promise<PlacementOutcome> {
  const c = await loadCase(deps, caseId, systemActor, 'workflow:PlaceCase');
  if (!c.decision) throw new ConflictError(`casus ${caseId} is nog niet getrieerd`);
  const now = deps.clock.now();
  const tree = treeByVersion(c.decision.treeVersion);
  const facilities = await deps.capacity.list();
  const plan = planPlacement({ decision: c.decision, referral: c.referral, district: c.district, facilities, at: now, tree });
  const tried: Placement['tried'] = plan.skipped.map((s) => ({ ...s }));
  const nameOf = (id: string) => facilities.find((f) => f.facilityId === id)?.name ?? id;
  const at = now.toISOString();

  for (const step of plan.steps) {
    if (step.type === 'facility') {
      const expiresAt = new Date(now.getTime() + holdTimeoutSeconds * 1000).toISOString();
      const result = await deps.capacity.hold({
        caseId,
        facilityId: step.facilityId,
        ward: step.ward,
        expiresAt,
        owner: { role: 'transfer_nurse', id: step.facilityId },
        placement: { destination: step.destination, facilityId: step.facilityId, ward: step.ward, tried: [...tried], at },
        entry: {
          at,
          step: 'bed_held',
          by: systemActor,
          detail: `Bed vastgehouden: ${nameOf(step.facilityId)}, afdeling ${step.ward}${tried.length ? ` (na ${tried.length} andere optie(s))` : ''}`,
        },
      });
      if (result === 'case_busy') {
        // A re-run of this step after its hold succeeded: report that hold. Else the case moved on.
        const now2 = await deps.cases.get(caseId);
        if (now2?.status === 'bed_held' && now2.hold) return { outcome: 'held', ...now2.hold };
        throw new CaseClosedError(`casus ${caseId} is niet meer open voor plaatsing (status ${now2?.status})`);
      }
      if (result === 'no_bed') {
        tried.push({ facilityId: step.facilityId, destination: step.destination, ward: step.ward, reason: 'lost_race' });
        continue;
      }
      return { outcome: 'held', facilityId: step.facilityId, ward: step.ward, expiresAt };
    }
    const destination = step.type === 'coordinator' ? 'coordinator' : step.destination;
    const fellBack = destination !== c.decision.destination;
    // A retried step finds its own earlier escalation: report it again, do not fail.
    if (c.status === 'escalated' && c.placement?.destination === 'coordinator') return { outcome: 'coordinator' };
    await deps.capacity.recordPlacement(
      caseId,
      { destination, tried, at },
      step.type === 'coordinator' ? 'escalated' : undefined,
      step.type === 'coordinator' ? { role: 'coordinator', id: c.region } : undefined,
      {
        at,
        step: step.type === 'coordinator' ? 'escalated' : 'placed',
        by: systemActor,
        detail:
          step.type === 'coordinator'
            ? `Geen plek gevonden (${tried.length} opties geprobeerd); naar de coördinator`
            : fellBack
              ? `Geen plek in ${destinationLabels[c.decision.destination]}; uitwijken naar ${destinationLabels[step.destination]}`
              : `Bestemming: ${destinationLabels[step.destination]}`,
      },
    );
    return { outcome: destination };
  }
  // The plan always ends in a destination or the coordinator; an empty plan is a bug in the tree.
  throw new Error(`no placement plan for ${c.decision.destination}`);
}

/** Workflow step AwaitAdmission (callback): keeps the token, texts the facility's transfer nurse. */
export async function awaitAdmission(deps: PlacementDeps, caseId: string, taskToken: string): Promise<void> {
  const c = await loadCase(deps, caseId, systemActor, 'workflow:AwaitAdmission');
  // Confirmed or cancelled between PlaceCase and here: nothing to wait for.
  if (c.status !== 'bed_held' || !c.hold) throw new CaseClosedError(`casus ${caseId} heeft geen lopende bedreservering`);
  await deps.capacity.storeAdmissionToken(caseId, taskToken);
  const facility = await deps.capacity.get(c.hold.facilityId);
  if (!facility) throw new NotFoundError(`onbekende instelling ${c.hold.facilityId}`);
  await deps.notifier.send({
    to: facility.transferNursePhone,
    recipient: `transfer_nurse:${facility.facilityId}`,
    caseId,
    body: smsTemplates.bedHeld({ ...smsContext(deps, c), destination: facility.kind, until: c.hold.expiresAt }),
  });
  await deps.cases.appendTimeline(caseId, {
    at: deps.clock.now().toISOString(),
    step: 'notified',
    by: systemActor,
    detail: `Sms naar transferverpleegkundige ${facility.name}`,
  });
}

/**
 * Workflow step HandOverToCoordinator: a step failed unexpectedly. A held bed goes back to
 * the pool, the coordinator becomes the owner and is texted: the case is never dropped.
 */
export async function handOverToCoordinator(deps: PlacementDeps, caseId: string, error: string): Promise<{ handedOver: boolean }> {
  let c = await loadCase(deps, caseId, systemActor, 'workflow:HandOverToCoordinator');
  // Only an open case is handed over; one confirmed, discharged or cancelled meanwhile stays as it is.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) c = await reload(deps, caseId);
    const now = deps.clock.now();
    const owner = { role: 'coordinator', id: c.region };
    const entry = { at: now.toISOString(), step: 'escalated', by: systemActor, detail: `Storing in de workflow (${error}); de coördinator neemt over` };
    try {
      if (c.status === 'bed_held' && c.hold) {
        await deps.capacity.endHold({ caseId, hold: c.hold, outcome: 'escalated', owner, entry, now });
      } else if (handOverFrom.includes(c.status)) {
        await deps.cases.appendTimeline(caseId, entry, { status: 'escalated', owner, from: handOverFrom });
      } else {
        return { handedOver: false };
      }
    } catch (e) {
      if (e instanceof ConflictError) continue; // the case changed between read and write: read again
      throw e;
    }
    const coordinator = await deps.roster.coordinator(now);
    await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId, body: smsTemplates.unplaced(smsContext(deps, c)) });
    return { handedOver: true };
  }
  throw new ConflictError(`casus ${caseId} bleef veranderen; overdracht niet gelukt`);
}

const handOverFrom: CaseStatus[] = ['referred', 'triaged', 'notified', 'escalated', 'expired'];

/** Workflow step ReleaseHold: nobody confirmed in time; the bed returns and the coordinator takes over. */
export async function releaseExpiredHold(deps: PlacementDeps, caseId: string, via = 'workflow:ReleaseHold'): Promise<{ released: boolean }> {
  const c = await loadCase(deps, caseId, systemActor, via);
  if (!c.hold || c.status !== 'bed_held') return { released: false };
  const now = deps.clock.now();
  try {
    await deps.capacity.endHold({
      caseId,
      hold: c.hold,
      outcome: 'expired',
      owner: { role: 'coordinator', id: c.region },
      entry: { at: now.toISOString(), step: 'expired', by: systemActor, detail: 'Bedreservering verlopen zonder bevestiging; bed terug in de pool' },
      now,
    });
  } catch (error) {
    // Confirmed or cancelled in the same moment: nothing to release.
    if (error instanceof ConflictError) return { released: false };
    throw error;
  }
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId, body: smsTemplates.holdExpired(smsContext(deps, c)) });
  return { released: true };
}

const noteWorkflowGone = (deps: Pick<PlacementDeps, 'cases' | 'clock'>, caseId: string) =>
  deps.cases.appendTimeline(caseId, {
    at: deps.clock.now().toISOString(),
    step: 'workflow_gone',
    by: systemActor,
    detail: 'De workflow wachtte hier niet meer op; de casus is bijgewerkt',
  });

/**
 * The safety net behind the workflow's own hold timeout: releases every bed of the
 * region whose hold expired more than `graceSeconds` ago and is still held, e.g. because
 * its execution failed, was stopped, or (locally) did not survive a restart. Runs on a
 * schedule; racing the workflow is safe, as each release is conditional.
 */
export async function sweepOverdueHolds(deps: PlacementDeps, region: string, graceSeconds: number): Promise<{ released: string[] }> {
  const before = new Date(deps.clock.now().getTime() - graceSeconds * 1000);
  const released: string[] = [];
  const failed: unknown[] = [];
  for (const caseId of await deps.capacity.overdueHolds(region, before)) {
    // One case that fails must not keep the others' beds: go on, and fail the run at the end.
    try {
      if ((await releaseExpiredHold(deps, caseId, 'schedule:SweepOverdueHolds')).released) released.push(caseId);
    } catch (error) {
      failed.push(error);
    }
  }
  if (failed.length) throw new AggregateError(failed, `${failed.length} verlopen bedreservering(en) niet vrijgegeven`);
  return { released };
}

/** Cases the coordinator holds without a bed, which may be placed again. */
const replaceableFrom: CaseStatus[] = ['escalated', 'expired'];

/**
 * POST /cases/{caseId}/placement: the coordinator asks to place a case again (a bed may be
 * free now). The case goes back to `triaged` (only from escalated or expired, so two clicks
 * start one run) and the referral workflow runs again from PlaceCase, with the same plan,
 * holds, texts and fallbacks as the first time.
 */
export async function replaceCase(deps: PlacementDeps, caseId: string, actor: Actor): Promise<Case> {
  const c = await loadCase(deps, caseId, actor, 'POST /cases/{caseId}/placement');
  if (!c.decision || c.decision.destination === 'call_112' || !replaceableFrom.includes(c.status) || c.hold) {
    throw new ConflictError(`casus ${caseId} kan nu niet opnieuw geplaatst worden (status ${c.status})`);
  }
  const now = deps.clock.now();
  // Back as it was after triage, with the referrer as owner: a held bed then makes the
  // transfer nurse owner, home or SEH leaves it with the referrer, no place brings it back here.
  const referrer = c.timeline.find((t) => t.step === 'referred')?.by ?? systemActor;
  await deps.cases.appendTimeline(
    caseId,
    { at: now.toISOString(), step: 'replacement_requested', by: actor, detail: 'Opnieuw plaatsen gevraagd' },
    { status: 'triaged', owner: referrer, from: replaceableFrom },
  );
  await deps.audit.record({ caseId, actor, action: 'update', via: 'POST /cases/{caseId}/placement' });
  try {
    await deps.workflow.start(`${caseId}-plaats-${now.getTime()}`, { caseId, replace: true });
  } catch (error) {
    // Back to the coordinator, as it was: a replacement that cannot start changes nothing.
    await deps.cases.appendTimeline(
      caseId,
      { at: deps.clock.now().toISOString(), step: 'workflow_failed', by: systemActor, detail: 'Opnieuw plaatsen kon niet starten' },
      { status: 'escalated', owner: { role: 'coordinator', id: c.region }, from: ['triaged'] },
    );
    throw error;
  }
  return (await deps.cases.get(caseId)) as Case;
}

/** POST /cases/{caseId}/admission: the facility confirms; the held bed becomes occupied. */
export async function confirmAdmission(deps: PlacementDeps, caseId: string, actor: Actor): Promise<Case> {
  const c = await loadCase(deps, caseId, actor, 'POST /cases/{caseId}/admission');
  if (c.status !== 'bed_held' || !c.hold) throw new ConflictError(`casus ${caseId} heeft geen lopende bedreservering (status ${c.status})`);
  const now = deps.clock.now();
  if (c.hold.expiresAt <= now.toISOString()) throw new ConflictError(`de bedreservering van casus ${caseId} is verlopen`);
  await deps.capacity.endHold({
    caseId,
    hold: c.hold,
    outcome: 'admission_confirmed',
    entry: { at: now.toISOString(), step: 'admission_confirmed', by: actor, detail: 'Opname bevestigd door de instelling' },
    now,
  });
  await deps.audit.record({ caseId, actor, action: 'update', via: 'POST /cases/{caseId}/admission' });
  if (c.admissionTaskToken && !(await deps.workflow.sendTaskSuccess(c.admissionTaskToken, { confirmedAt: now.toISOString() }))) {
    await noteWorkflowGone(deps, caseId);
  }
  return (await deps.cases.get(caseId)) as Case;
}

/** Open cases without a bed; a held bed is cancelled through its own transaction. */
const openWithoutBed: CaseStatus[] = ['referred', 'triaged', 'notified', 'escalated', 'expired'];

/**
 * POST /cases/{caseId}/cancel: ends the case; a held bed returns to the pool at once.
 * Every write is conditional on the state it saw, so a cancel racing the workflow
 * (which may hold a bed in between) either cancels the hold too or retries.
 */
export async function cancelCase(deps: PlacementDeps, caseId: string, actor: Actor): Promise<Case> {
  let c = await loadCase(deps, caseId, actor, 'POST /cases/{caseId}/cancel');
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) c = await reload(deps, caseId);
    const now = deps.clock.now();
    const entry = { at: now.toISOString(), step: 'cancelled', by: actor, detail: 'Casus geannuleerd' };
    try {
      if (c.status === 'bed_held' && c.hold) {
        await deps.capacity.endHold({ caseId, hold: c.hold, outcome: 'cancelled', entry, now });
        if (c.admissionTaskToken && !(await deps.workflow.sendTaskFailure(c.admissionTaskToken, 'CaseCancelled', 'Casus geannuleerd'))) {
          await noteWorkflowGone(deps, caseId);
        }
      } else if (openWithoutBed.includes(c.status)) {
        await deps.cases.appendTimeline(caseId, entry, { status: 'cancelled', from: openWithoutBed });
      } else {
        throw new ConflictError(`casus ${caseId} kan niet meer geannuleerd worden (status ${c.status})`);
      }
      break;
    } catch (error) {
      // The workflow moved the case on between our read and our write: read again.
      const raced = error instanceof CaseClosedError || (error instanceof ConflictError && c.status === 'bed_held');
      if (!raced || attempt === 4) throw error;
    }
  }
  await deps.audit.record({ caseId, actor, action: 'update', via: 'POST /cases/{caseId}/cancel' });
  return (await deps.cases.get(caseId)) as Case;
}

/** POST /cases/{caseId}/discharge: the patient leaves the facility; the bed is free again. */
export async function dischargeCase(deps: PlacementDeps, caseId: string, actor: Actor): Promise<Case> {
  const c = await loadCase(deps, caseId, actor, 'POST /cases/{caseId}/discharge');
  const where = c.placement;
  if (c.status !== 'admission_confirmed' || !where?.facilityId || !where.ward) {
    throw new ConflictError(`casus ${caseId} is niet opgenomen (status ${c.status})`);
  }
  await deps.capacity.discharge({
    caseId,
    facilityId: where.facilityId,
    ward: where.ward,
    entry: { at: deps.clock.now().toISOString(), step: 'discharged', by: actor, detail: 'Ontslagen; bed vrijgegeven' },
  });
  await deps.audit.record({ caseId, actor, action: 'update', via: 'POST /cases/{caseId}/discharge' });
  return (await deps.cases.get(caseId)) as Case;
}

/** PUT /facilities/{facilityId}/wards/{ward}: the bed manager sets total and/or free beds. */
export async function updateWardBeds(deps: Pick<PlacementDeps, 'capacity'>, facilityId: string, ward: string, body: unknown) {
  const parsed = wardUpdateSchema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  if (!(wardNames as readonly string[]).includes(ward)) throw new NotFoundError(`onbekende afdeling ${ward}; kies uit ${wardNames.join(', ')}`);
  return deps.capacity.setWard(facilityId, ward, parsed.data);
}

