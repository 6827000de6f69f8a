import { auditEntry } from '../domain/audit';
import { coordinatorOf, systemActor, withCoordinator, type Placement } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import { isFacilityKind, type FacilityKind } from '../domain/facility';
import { destinationChain, planPlacement } from '../domain/placement-plan';
import type { AuditLog, Capacity, CaseStore, Clock } from '../domain/ports';
import { destinationLabels } from '../domain/sms';
import { treeByVersion } from '../domain/triage/trees';
import { asReferral, type RoutedDecision, type RoutingFacts } from '../domain/workflow-input';
import { stepAccess } from './authorize';
import { gatesHerstelkliniek } from '../domain/consultation';

/** A held bed that waits for the SO has no admission clock yet; its hold ends when the SO agrees and the clock starts. */
const awaitingSoUntil = '9999-12-31T23:59:59.000Z';

/**
 * What the workflow's IsBedHeld choice reads. `soGate`: a herstelkliniek bed is held and
 * the SO is asked before the admission (tree v2 and later); `urgency` for that question.
 */
export type PlacementOutcome =
  | {
      outcome: 'held';
      facilityId: string;
      ward: string;
      expiresAt: string;
      soGate: boolean;
      urgency: string;
      holdSeconds: number;
      /** What AwaitAdmission texts, so it reads neither the case nor the facility: the kind, and the transfer nurse desk's number. */
      kind: FacilityKind;
      deskPhone: string;
    }
  | { outcome: 'home' | 'seh' | 'coordinator' };

/** What PlaceCase receives: the codes the workflow carries (workflow-input.ts), so it reads no case. */
export interface PlaceCaseInput {
  caseId: string;
  holdTimeouts: HoldTimeouts;
  treeVersion: string;
  decision: Pick<RoutedDecision, 'destination' | 'ward'>;
  referral: RoutingFacts;
  district: string;
  startedBy: string;
}

export interface PlaceCaseDeps {
  cases: Pick<CaseStore, 'recordPlacement'>;
  capacity: Pick<Capacity, 'ofKinds' | 'hold'>;
  audit: AuditLog;
  clock: Clock;
  region: string;
}

/**
 * Workflow step PlaceCase: walks the placement plan (clinical destination first, then the
 * fallbacks), holding the first free bed atomically. Records where the case went and what
 * was tried, apart from the clinical decision.
 */
/** How long a held bed waits for the facility, by urgency (U4 also covers U5). */
export type HoldTimeouts = { U2: number; U3: number; U4: number };

export const holdSecondsFor = (timeouts: HoldTimeouts, urgency: string) => (urgency === 'U2' ? timeouts.U2 : urgency === 'U3' ? timeouts.U3 : timeouts.U4);

export async function placeCase(deps: PlaceCaseDeps, input: PlaceCaseInput): Promise<PlacementOutcome> {
  const { caseId, decision } = input;
  const now = deps.clock.now();
  const tree = treeByVersion(input.treeVersion);
  const referral = asReferral(input.referral);
  // Only the kinds the plan may use, through the index; none at all for home or SEH.
  const kinds = destinationChain(decision, referral, tree).flatMap((l) => (isFacilityKind(l.destination) ? [l.destination] : []));
  const facilities = kinds.length ? await deps.capacity.ofKinds(kinds) : [];
  const plan = planPlacement({ decision, referral, district: input.district || undefined, facilities, at: now, tree });
  const tried: Placement['tried'] = plan.skipped.map((s) => ({ ...s }));
  const facilityOf = (id: string) => facilities.find((f) => f.facilityId === id);
  const at = now.toISOString();
  const urgency = String(input.referral.presentation?.urgency ?? 'U3');
  const holdTimeoutSeconds = holdSecondsFor(input.holdTimeouts, urgency);
  // The SO leads care in a herstelkliniek: from tree v2 on they are asked first, with the bed held meanwhile.
  const gated = (destination: string) => destination === 'herstelkliniek' && gatesHerstelkliniek(input.treeVersion);
  // The step's one access-log entry goes in the transaction of its one change.
  const audit = auditEntry(stepAccess(input.startedBy, 'workflow:PlaceCase'), 'workflow.update', { caseId });

  for (const step of plan.steps) {
    if (step.type === 'facility') {
      const soGate = gated(step.destination);
      const expiresAt = soGate ? awaitingSoUntil : new Date(now.getTime() + holdTimeoutSeconds * 1000).toISOString();
      const facility = facilityOf(step.facilityId);
      const deskPhone = facility?.transferNursePhone ?? '';
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
          detail: `Bed vastgehouden: ${facility?.name ?? step.facilityId}, afdeling ${step.ward}${tried.length ? ` (na ${tried.length} andere optie(s))` : ''}${soGate ? '; eerst akkoord van de SO' : ''}`,
        },
        audit,
      });
      if (held.result === 'case_busy') {
        // A re-run of this step after its hold succeeded: report that hold. Else the case moved on.
        const current = held.current;
        if (current?.status === 'bed_held' && current.hold) {
          const { awaitingSo, ...hold } = current.hold;
          const own = facilityOf(hold.facilityId);
          return { outcome: 'held', ...hold, soGate: !!awaitingSo, urgency, holdSeconds: holdTimeoutSeconds, kind: own?.kind ?? step.destination, deskPhone: own?.transferNursePhone ?? '' };
        }
        throw new CaseClosedError(`casus ${caseId} is niet meer open voor plaatsing (status ${current?.status})`);
      }
      if (held.result === 'no_bed') {
        tried.push({ facilityId: step.facilityId, destination: step.destination, ward: step.ward, reason: 'lost_race' });
        continue;
      }
      return { outcome: 'held', facilityId: step.facilityId, ward: step.ward, expiresAt, soGate, urgency, holdSeconds: holdTimeoutSeconds, kind: step.destination, deskPhone };
    }
    const toCoordinator = step.type === 'coordinator';
    const destination = toCoordinator ? 'coordinator' : step.destination;
    try {
      await deps.cases.recordPlacement(
        caseId,
        { destination, tried, at },
        toCoordinator ? { status: withCoordinator, owner: coordinatorOf(deps.region) } : {},
        {
          at,
          step: toCoordinator ? 'escalated' : 'placed',
          by: systemActor,
          detail: toCoordinator
            ? `Geen plek gevonden (${tried.length} opties geprobeerd); naar de coördinator`
            : destination !== decision.destination
              ? `Geen plek in ${destinationLabels[decision.destination]}; uitwijken naar ${destinationLabels[step.destination]}`
              : `Bestemming: ${destinationLabels[step.destination]}`,
        },
        audit,
      );
    } catch (error) {
      // A retried step finds its own earlier hand-over: report it again, do not fail.
      const own = error instanceof CaseClosedError && toCoordinator && error.current?.status === withCoordinator && error.current.placement?.destination === 'coordinator';
      if (!own) throw error;
    }
    return { outcome: destination };
  }
  // The plan always ends in a destination or the coordinator; an empty plan is a bug in the tree.
  throw new Error(`no placement plan for ${decision.destination}`);
}
