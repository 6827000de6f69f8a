import { auditEntry } from '../domain/audit';
import { closedStatuses, correctableStatuses, systemActor, type Case } from '../domain/case';
import { correctDecision as corrected, type DecisionCorrection } from '../domain/decision-correction';
import { CaseClosedError, ConflictError } from '../domain/errors';
import type { Access, AuditLog, CaseStore, Clock, DecisionCorrections, Workflows } from '../domain/ports';
import { destinationLabels } from '../domain/sms';
import { liveReferral } from '../domain/stored-referral';
import { authorizeCase, logOnce } from './authorize';
import { requireCase, retryOnLostRace } from './load-case';
import { startPlacementAgain } from './start-placement-again';
import { tellDeskBedFreed, type TellDeskDeps } from './tell-desk-bed-freed';

export interface CorrectDecisionDeps extends TellDeskDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  corrections: DecisionCorrections;
  audit: AuditLog;
  clock: Clock;
  workflows: Pick<Workflows, 'startReferral' | 'referralExecutionArn' | 'sendTaskFailure'>;
}

/** Why this case's decision cannot be corrected now (409), or nothing when it can. */
function notCorrectable(c: Case): string | undefined {
  if (!c.decision) return 'heeft nog geen besluit';
  if (c.decision.destination === 'call_112') return 'is een 112-besluit; dat wordt niet gecorrigeerd';
  if (c.status === 'admission_confirmed') return 'is al opgenomen';
  if (closedStatuses.includes(c.status)) return `is gesloten (${c.status})`;
  // The SO is being asked about the held herstelkliniek bed: their answer comes first.
  if (c.hold?.awaitingSo) return 'wacht op het antwoord van de SO over de herstelkliniek; corrigeer na dat antwoord';
  // The workflow is between two steps (placing it, about to wait for the facility): a moment later it can.
  if (!correctableStatuses.includes(c.status) || (c.status === 'bed_held' && !c.admissionTaskToken)) return `wordt nu door de workflow verwerkt (status ${c.status}); probeer het zo opnieuw`;
  return undefined;
}

/**
 * POST /cases/{caseId}/decision: the coordinator corrects the decision of a case not yet
 * admitted and not closed. One transaction: the decision in force replaced (the tree's kept
 * on the first correction), the amendment with its reason, a held bed back to the pool, the
 * case back to `triaged`, and the access-log entry. Then the execution waiting for the
 * facility (if any) ends (DecisionCorrected), the facility's desk hears that nobody comes,
 * and the referral workflow places the case again
 * for the new destination, as placing again does. A correction that breaks a safety
 * invariant needs `overrideSafety: true`. The reason stays on the case: never in an SMS or
 * a workflow payload.
 */
export async function correctCaseDecision(deps: CorrectDecisionDeps, caseId: string, body: DecisionCorrection, access: Access): Promise<Case> {
  const first = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'correct_decision', 'case.correct_decision', first);
  const audit = auditEntry(access, 'case.correct_decision', { caseId, bsn: first.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    const { before, execution, decision } = await retryOnLostRace(
      deps.cases,
      first,
      async (c) => {
        const why = notCorrectable(c);
        if (why || !c.decision) throw new ConflictError(`het besluit van casus ${caseId} kan niet gecorrigeerd worden: de casus ${why}`);
        const now = deps.clock.now();
        const at = now.toISOString();
        const { decision, amendment } = corrected(c.decision, liveReferral(c), body, { username: access.actor.id, role: access.actor.role }, at);
        // Back as it was after triage, with the referrer as owner (as placing again does); the execution is named by the version, so a retry starts it once.
        const referrer = c.timeline.find((t) => t.step === 'referred')?.by ?? systemActor;
        const execution = `${caseId}-correctie-${c.version}`;
        await deps.corrections.correct({
          caseId,
          version: c.version,
          decision,
          originalDecision: c.originalDecision ?? c.decision,
          amendment,
          owner: referrer,
          entry: {
            at,
            step: 'decision_corrected',
            by: access.actor,
            detail: `Besluit gecorrigeerd: van ${destinationLabels[amendment.from.destination]} naar ${destinationLabels[amendment.to.destination]}${c.hold ? '; vastgehouden bed vrijgegeven' : ''}${amendment.overrideSafety ? '; veiligheidsregel bewust doorbroken' : ''}`,
          },
          executionArn: deps.workflows.referralExecutionArn(execution),
          startedBy: access.actor.id,
          ...(c.status === 'bed_held' && c.hold ? { hold: c.hold } : {}),
          audit,
        });
        return { before: c, execution, decision };
      },
      // The workflow moved the case on between our read and our write: read again.
      (error) => error instanceof CaseClosedError,
    );
    written();
    // The old execution waits for the facility on this token: it ends there, without a hand-over.
    if (before.admissionTaskToken) await deps.workflows.sendTaskFailure(before.admissionTaskToken, 'DecisionCorrected', 'Besluit gecorrigeerd door de coördinator');
    // The desk asked to confirm that bed hears that nobody comes.
    await tellDeskBedFreed(deps, before, 'corrected');
    // The correction stands whatever the start does: a failed start leaves the case with the coordinator.
    return startPlacementAgain(deps, before, decision, { execution, startedBy: access.actor.id, failedDetail: 'Plaatsen na de correctie kon niet starten' });
  });
}
