import { createHash } from 'node:crypto';
import * as z from 'zod';
import { urgencies } from './referral-schema';
import { rosterKeys } from './roster-slot';

/**
 * SO consultations: a request goes to the on-call SO, then the backups (second SO, VS/PA),
 * then the coordinator. The SO answers through a link: GET shows a confirm page, only a
 * POST decides; the token is single-use, stored hashed and expires with the request.
 */

/** `pass_on`: cannot judge now; the next in the chain is asked. */
export const consultationAnswers = ['accept', 'advise', 'decline', 'pass_on'] as const;
export type ConsultationAnswer = (typeof consultationAnswers)[number];

/**
 * Why someone is asked. The SO: the tree's flag, a HAP triagist's request, or the gate of a
 * herstelkliniek placement (the SO leads care there: their answer steers the case). A team
 * at home: the acute district team (`district_team`) or the FACT-VVT team (`fact_vvt`)
 * confirms a home decision; they answer only `accept` ("wij gaan") or `decline` ("kunnen
 * niet", with a reason), and their chain is their own roster key's, per district.
 */
export type ConsultationReason = 'flag' | 'hap_escalation' | 'herstelkliniek_gate' | TeamReason;

/** The teams that confirm a home decision, by the roster key's prefix (`district_team#<district>`, `fact_vvt#<district>`). */
export const teamReasons = ['district_team', 'fact_vvt'] as const;
export type TeamReason = (typeof teamReasons)[number];
export const isTeamQuestion = (reason: ConsultationReason): reason is TeamReason => (teamReasons as readonly string[]).includes(reason);

/** The roster key a team's question goes to (its chain: the team on duty, then its backups). */
export const teamRosterKey = (reason: TeamReason, district: string) => (reason === 'fact_vvt' ? rosterKeys.factVvt(district) : rosterKeys.districtTeam(district));

/** A team answers "wij gaan" or "kunnen niet". */
export const teamAnswers = ['accept', 'decline'] as const satisfies readonly ConsultationAnswer[];

/** Thrown by a team's wait step when nobody is left in the chain: the workflow catches it by name and hands the case to the coordinator. */
export class ChainExhaustedError extends Error {
  override readonly name = 'ChainExhausted';
}

export interface ConsultationRecord {
  tokenHash: string;
  caseId: string;
  attempt: number;
  role: string;
  contactName: string;
  /** The roster contact's sign-in, where they have one. */
  username?: string;
  urgency: string;
  reason: ConsultationReason;
  /** A team's question: the patient's district (its roster key; the team takes the case). */
  district?: string;
  question: string;
  taskToken: string;
  expiresAt: string;
  answeredAt?: string;
  answer?: ConsultationAnswer;
  advice?: string;
}

/**
 * The stored side of an answer link texted to `contact` for this attempt: the token's hash
 * (never the token), who it was for, the task token it resumes, and when it expires (kept a
 * week longer for the record, then DynamoDB's TTL removes it). One builder for the SO's
 * links and the teams'.
 */
export function answerLinkRecord(
  input: Pick<ConsultationInput, 'caseId' | 'attempt' | 'urgency' | 'reason' | 'district'> & { taskToken: string; timeoutSeconds: number },
  contact: { role: string; name: string; username?: string | undefined },
  token: string,
  question: string,
  now: Date,
): { record: ConsultationRecord & { ttl: number }; minutes: number } {
  const expiresAt = new Date(now.getTime() + input.timeoutSeconds * 1000);
  return {
    record: {
      tokenHash: hashToken(token),
      caseId: input.caseId,
      attempt: input.attempt,
      role: contact.role,
      contactName: contact.name,
      urgency: input.urgency,
      reason: input.reason,
      ...(input.district ? { district: input.district } : {}),
      question,
      ...(contact.username ? { username: contact.username } : {}),
      taskToken: input.taskToken,
      expiresAt: expiresAt.toISOString(),
      ttl: Math.floor(expiresAt.getTime() / 1000) + 7 * 86_400,
    },
    minutes: Math.max(1, Math.round(input.timeoutSeconds / 60)),
  };
}

/** What every step of the consultation workflow receives. */
export interface ConsultationInput {
  caseId: string;
  urgency: string;
  reason: ConsultationReason;
  attempt: number;
  /** A team's question: the district whose roster chain is asked. */
  district?: string;
}

/** Who answers through a link: the roster contact by their sign-in where known, else as the text's recipient. */
export const linkActor = (r: Pick<ConsultationRecord, 'role' | 'attempt' | 'contactName' | 'username'>) => ({
  role: r.role,
  id: r.username ?? `${r.role}:${r.attempt + 1}`,
  name: r.contactName,
});

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const reasonText = (reason: ConsultationReason) =>
  reason === 'hap_escalation'
    ? 'escalatie HAP'
    : reason === 'herstelkliniek_gate'
      ? 'akkoord SO voor opname herstelkliniek'
      : reason === 'district_team'
        ? 'bevestiging wijkteam acute zorg'
        : reason === 'fact_vvt'
          ? 'bevestiging FACT-VVT-team'
          : 'consult SO';

/** How the timeline and the texts name a team. */
export const teamLabels: Record<TeamReason, string> = { district_team: 'wijkteam acute zorg', fact_vvt: 'FACT-VVT-team' };

/** A closed link says whether it asked a team (to go home) or a consultee, when its record is known: the page is titled for it. */
export type LinkState =
  | { state: 'open'; record: ConsultationRecord }
  | { state: 'used' | 'expired' | 'unknown' | 'withdrawn'; team?: boolean };

/**
 * A team's question stands while the case waits at home for a team: a case cancelled,
 * corrected to another destination or taken by the coordinator meanwhile withdraws it.
 */
export const teamQuestionStands = (c: { status: string; decision?: { destination: string } | undefined } | undefined) => !!c && c.status === 'notified' && c.decision?.destination === 'home';

/** POST /c/{token}: the SO's answer, from the confirm page's form. */
export const consultationAnswerSchema = z
  .object({
    answer: z.enum(consultationAnswers),
    advice: z.string().trim().max(1000).optional(),
    /** Why not suitable here: required to decline a herstelkliniek placement. */
    reason: z.string().trim().max(500).optional(),
  })
  .refine((a) => a.answer !== 'advise' || !!a.advice, { message: 'geef een advies', path: ['advice'] });
export type ConsultationAnswerInput = z.output<typeof consultationAnswerSchema>;

/** A team's answers, as the timeline says them. */
export const teamAnswerLabels: Record<(typeof teamAnswers)[number], string> = { accept: 'wij gaan', decline: 'kunnen niet' };

export const answerLabels: Record<ConsultationAnswer, string> = {
  accept: 'neemt over / accepteert',
  advise: 'geeft advies',
  decline: 'weigert',
  pass_on: 'kan nu niet beoordelen; door naar de volgende',
};

/** Tree v1 decided without the gate; every later version asks the SO before a herstelkliniek admission. */
export const gatesHerstelkliniek = (treeVersion: string) => treeVersion !== 'rotterdam-v1';

/** POST /cases/{caseId}/escalations: a HAP triagist asks the on-call SO, at this urgency. */
export const soConsultationRequestSchema = z
  .object({
    note: z.string().trim().min(1, 'beschrijf de verslechtering').max(500),
    urgency: z.enum(urgencies).refine((u) => u !== 'U1', 'U1 is levensbedreigend: bel 112'),
  })
  .strict();
export type SoConsultationRequest = z.output<typeof soConsultationRequestSchema>;
