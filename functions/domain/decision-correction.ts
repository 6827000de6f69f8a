import * as z from 'zod';
import type { Amendment, Case } from './case';
import { destinationLabels } from './sms';
import { safetyBreaches, type SafetyBreach } from './triage/invariants';
import { destinations, herstelkliniekWards, treatingPhysicianByDestination } from './triage/tree-schema';
import type { Referral } from './referral-schema';
import { ValidationError } from './errors';

/** Where a correction may send a case: every destination but 112 (a life-threatening case is not in this workflow). */
export const correctionDestinations = destinations.filter((d) => d !== 'call_112') as Array<Exclude<(typeof destinations)[number], 'call_112'>>;

/** POST /cases/{caseId}/decision { destination, ward?, reason, overrideSafety? } */
export const decisionCorrectionSchema = z
  .object({
    destination: z.enum(correctionDestinations as [(typeof correctionDestinations)[number], ...(typeof correctionDestinations)[number][]], {
      error: `kies een bestemming: ${correctionDestinations.join(', ')} (112 is geen correctie)`,
    }),
    ward: z.enum(herstelkliniekWards, { error: `kies een afdeling: ${herstelkliniekWards.join(', ')}` }).optional(),
    reason: z.string({ error: 'geef de reden van de correctie' }).trim().min(1, 'geef de reden van de correctie').max(500, 'de reden is hoogstens 500 tekens'),
    overrideSafety: z.boolean({ error: 'overrideSafety is true of false' }).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.destination === 'herstelkliniek' && !body.ward) ctx.addIssue({ code: 'custom', path: ['ward'], message: 'kies de afdeling van de herstelkliniek' });
    if (body.destination !== 'herstelkliniek' && body.ward) ctx.addIssue({ code: 'custom', path: ['ward'], message: 'een afdeling hoort alleen bij de herstelkliniek' });
  });
export type DecisionCorrection = z.output<typeof decisionCorrectionSchema>;

type CaseDecision = NonNullable<Case['decision']>;

const routeOf = (d: { destination: CaseDecision['destination']; ward?: CaseDecision['ward'] | undefined }) => ({ destination: d.destination, ...(d.ward ? { ward: d.ward } : {}) });
const routeLabel = (d: { destination: CaseDecision['destination']; ward?: string | undefined }) => `${destinationLabels[d.destination]}${d.ward ? ` (${d.ward})` : ''}`;

/**
 * The correction, checked against the safety invariants: a correction that breaks one needs
 * `overrideSafety` (else 400 naming it, with what it breaks); one that changes nothing is refused.
 * Returns the decision now in force and the amendment for the case. Pure.
 */
export function correctDecision(
  current: CaseDecision,
  referral: Referral,
  body: DecisionCorrection,
  by: { username: string; role: string },
  at: string,
): { decision: CaseDecision; amendment: Amendment; breaches: SafetyBreach[] } {
  const to = routeOf(body);
  if (to.destination === current.destination && to.ward === current.ward) {
    throw new ValidationError([{ path: 'destination', message: `het besluit is al ${routeLabel(current)}` }]);
  }
  const breaches = safetyBreaches(referral, to);
  if (breaches.length && body.overrideSafety !== true) {
    throw new ValidationError([
      { path: 'overrideSafety', message: `deze correctie doorbreekt een veiligheidsregel (${breaches.map((b) => b.message).join('; ')}); bevestig met overrideSafety: true` },
    ]);
  }
  const overridden = breaches.length > 0;
  const flags = current.flags.filter((f) => f !== 'so_consultation');
  const decision: CaseDecision = {
    ...current,
    ruleId: 'coordinator_correction',
    destination: to.destination,
    ward: to.ward,
    treatingPhysician: treatingPhysicianByDestination[to.destination],
    // The SO leads care in a herstelkliniek and is asked there (the SO gate); no other flag changes.
    flags: to.destination === 'herstelkliniek' ? [...flags, 'so_consultation'] : flags,
    reasons: [
      `Besluit gecorrigeerd door de coördinator: van ${routeLabel(current)} naar ${routeLabel(to)}.`,
      ...(overridden ? [`Veiligheidsregel bewust doorbroken: ${breaches.map((b) => b.message).join('; ')}.`] : []),
    ],
    ruleIds: [...current.ruleIds.filter((r) => r !== 'coordinator_correction'), 'coordinator_correction'],
  };
  if (!decision.ward) delete decision.ward;
  const amendment: Amendment = {
    at,
    by,
    reason: body.reason,
    from: routeOf(current),
    to,
    ...(overridden ? { overrideSafety: true, breaches: breaches.map((b) => b.invariant) } : {}),
  };
  return { decision, amendment, breaches };
}
