import { coordinatorOf, systemActor, withCoordinator, type Placement } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import { planPlacement } from '../domain/placement-plan';
import type { AuditLog, Capacity, CaseStore, Clock } from '../domain/ports';
import { destinationLabels } from '../domain/sms';
import { treeByVersion } from '../domain/triage/trees';
import { liveReferral } from '../domain/stored-referral';
import { workflowAccess } from './authorize';
import { gatesHerstelkliniek } from '../domain/consultation';
import { loadCase } from './load-case';

/** A held bed that waits for the SO has no admission clock yet; its hold ends when the SO agrees and the clock starts. */
const awaitingSoUntil = '9999-12-31T23:59:59.000Z';

/**
 * What the workflow's IsBedHeld choice reads. `soGate`: a herstelkliniek bed is held and
 * the SO is asked before the admission (tree v2 and later); `urgency` for that question.
 */
export type PlacementOutcome =
  | { outcome: 'held'; facilityId: string; ward: string; expiresAt: string; soGate: boolean; urgency: string; holdSeconds: number }
  | { outcome: 'home' | 'seh' | 'coordinator' };

export interface PlaceCaseDeps {
  cases: Pick<CaseStore, 'get' | 'recordPlacement'>;
  capacity: Pick<Capacity, 'list' | 'hold'>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Workflow step PlaceCase: walks the placement plan (clinical destination first, then the
 * fallbacks), holding the first free bed atomically. Records where the case went and what
 * was tried, apart from the clinical decision.
 */
/** How long a held bed waits for the facility, by urgency (U4 also covers U5). */
export type HoldTimeouts = { U2: number; U3: number; U4: number };

export const holdSecondsFor = (timeouts: HoldTimeouts, urgency: string) => (urgency === 'U2' ? timeouts.U2 : urgency === 'U3' ? timeouts.U3 : timeouts.U4);

export async function placeCase(deps: PlaceCaseDeps, caseId: string, holdTimeouts: HoldTimeouts): Promise<PlacementOutcome> {
  const c = await loadCase(deps, caseId, (c) => workflowAccess(c, 'workflow:PlaceCase'));
  if (!c.decision) throw new CaseClosedError(`casus ${caseId} is nog niet getrieerd`);
  const now = deps.clock.now();
  const tree = treeByVersion(c.decision.treeVersion);
  const facilities = await deps.capacity.list();
  const plan = planPlacement({ decision: c.decision, referral: liveReferral(c), district: c.district, facilities, at: now, tree });
  const tried: Placement['tried'] = plan.skipped.map((s) => ({ ...s }));
  const nameOf = (id: string) => facilities.find((f) => f.facilityId === id)?.name ?? id;
  const at = now.toISOString();
  const urgency = c.referral.presentation.urgency;
  const holdTimeoutSeconds = holdSecondsFor(holdTimeouts, urgency);
  // The SO leads care in a herstelkliniek: from tree v2 on they are asked first, with the bed held meanwhile.
  const gated = (destination: string) => destination === 'herstelkliniek' && gatesHerstelkliniek(c.decision?.treeVersion ?? '');

  for (const step of plan.steps) {
    if (step.type === 'facility') {
      const soGate = gated(step.destination);
      const expiresAt = soGate ? awaitingSoUntil : new Date(now.getTime() + holdTimeoutSeconds * 1000).toISOString();
      const held = await deps.capacity.hold({
        caseId,
        facilityId: step.facilityId,
        ward: step.ward,
        expiresAt,
        ...(soGate ? { awaitingSo: true } : {}),
        owner: { role: 'transfer_nurse', id: step.facilityId },
        placement: { destination: step.destination, facilityId: step.facilityId, ward: step.ward, tried: [...tried], at },
        entry: {
          at,
          step: 'bed_held',
          by: systemActor,
          detail: `Bed vastgehouden: ${nameOf(step.facilityId)}, afdeling ${step.ward}${tried.length ? ` (na ${tried.length} andere optie(s))` : ''}${soGate ? '; eerst akkoord van de SO' : ''}`,
        },
      });
      if (held.result === 'case_busy') {
        // A re-run of this step after its hold succeeded: report that hold. Else the case moved on.
        const current = held.current;
        if (current?.status === 'bed_held' && current.hold) {
          const { awaitingSo, ...hold } = current.hold;
          return { outcome: 'held', ...hold, soGate: !!awaitingSo, urgency, holdSeconds: holdTimeoutSeconds };
        }
        throw new CaseClosedError(`casus ${caseId} is niet meer open voor plaatsing (status ${current?.status})`);
      }
      if (held.result === 'no_bed') {
        tried.push({ facilityId: step.facilityId, destination: step.destination, ward: step.ward, reason: 'lost_race' });
        continue;
      }
      return { outcome: 'held', facilityId: step.facilityId, ward: step.ward, expiresAt, soGate, urgency, holdSeconds: holdTimeoutSeconds };
    }
    const toCoordinator = step.type === 'coordinator';
    const destination = toCoordinator ? 'coordinator' : step.destination;
    // A retried step finds its own earlier hand-over: report it again, do not fail.
    if (c.status === withCoordinator && c.placement?.destination === 'coordinator') return { outcome: 'coordinator' };
    await deps.cases.recordPlacement(caseId, { destination, tried, at }, toCoordinator ? { status: withCoordinator, owner: coordinatorOf(c.region) } : {}, {
      at,
      step: toCoordinator ? 'escalated' : 'placed',
      by: systemActor,
      detail: toCoordinator
        ? `Geen plek gevonden (${tried.length} opties geprobeerd); naar de coördinator`
        : destination !== c.decision.destination
          ? `Geen plek in ${destinationLabels[c.decision.destination]}; uitwijken naar ${destinationLabels[step.destination]}`
          : `Bestemming: ${destinationLabels[step.destination]}`,
    });
    return { outcome: destination };
  }
  // The plan always ends in a destination or the coordinator; an empty plan is a bug in the tree.
  throw new Error(`no placement plan for ${c.decision.destination}`);
}
