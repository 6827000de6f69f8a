import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { closedStatuses, systemActor, type Actor } from './case';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import type { AuditLog, CaseStore, Clock, Notifier, Roster, WorkflowStarter } from './ports';
import { toFieldErrors, urgencies } from './referral';
import { destinationLabels, smsTemplates } from './sms';

/**
 * SO consultations: a request goes to the on-call SO, then the backups (second SO, VS/PA),
 * then the coordinator. The SO answers through a link: GET shows a confirm page, only a
 * POST decides; the token is single-use, stored hashed and expires with the request.
 */

export const consultationAnswers = ['accept', 'advise', 'decline'] as const;
export type ConsultationAnswer = (typeof consultationAnswers)[number];

export interface ConsultationRecord {
  tokenHash: string;
  caseId: string;
  attempt: number;
  role: string;
  contactName: string;
  urgency: string;
  reason: 'flag' | 'hap_escalation';
  question: string;
  taskToken: string;
  expiresAt: string;
  answeredAt?: string;
  answer?: ConsultationAnswer;
  advice?: string;
}

export interface ConsultationStore {
  put(record: ConsultationRecord & { ttl: number }): Promise<void>;
  get(tokenHash: string): Promise<ConsultationRecord | undefined>;
  /** Marks the request answered, only if unanswered and unexpired at `now`; false otherwise. */
  answer(tokenHash: string, answer: ConsultationAnswer, advice: string | undefined, now: Date): Promise<boolean>;
}

export interface ConsultationDeps {
  cases: CaseStore;
  audit: AuditLog;
  clock: Clock;
  roster: Roster;
  notifier: Notifier;
  consultations: ConsultationStore;
  workflow: WorkflowStarter;
  publicBaseUrl: string;
  callback: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ConsultationInput {
  caseId: string;
  urgency: string;
  reason: 'flag' | 'hap_escalation';
  attempt: number;
}


/** Workflow step SelectConsultee: is the case still open, and is someone left in the chain for this attempt? */
export async function selectConsultee(deps: Pick<ConsultationDeps, 'roster' | 'clock' | 'cases' | 'audit'>, input: ConsultationInput) {
  const c = await deps.cases.get(input.caseId);
  if (c) await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'read', via: 'workflow:SelectConsultee' });
  if (!c || closedStatuses.includes(c.status)) return { closed: true, hasConsultee: false, role: 'none', chainLength: 0 };
  const chain = await deps.roster.soChain(deps.clock.now());
  const next = chain[input.attempt];
  return { closed: false, hasConsultee: !!next, role: next?.role ?? 'coordinator', chainLength: chain.length };
}

const reasonText = (reason: ConsultationInput['reason']) => (reason === 'hap_escalation' ? 'escalatie HAP' : 'consult SO');

/** Workflow step AwaitSoAnswer (callback): texts the consultee a single-use link; the token waits in the store. */
export async function requestConsultation(deps: ConsultationDeps, input: ConsultationInput & { taskToken: string; timeoutSeconds: number }) {
  const now = deps.clock.now();
  const c = await deps.cases.get(input.caseId);
  if (!c) throw new NotFoundError(`casus ${input.caseId} bestaat niet`);
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'read', via: 'workflow:AwaitSoAnswer' });
  const chain = await deps.roster.soChain(now);
  const consultee = chain[input.attempt];
  if (!consultee) throw new ConflictError(`geen consulent voor poging ${input.attempt + 1}`);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.timeoutSeconds * 1000);
  const destination = c.placement?.destination ?? c.decision?.destination;
  const question = `${reasonText(input.reason)}; bestemming ${destination && destination !== 'coordinator' ? destinationLabels[destination] : 'nog open'}`;
  await deps.consultations.put({
    tokenHash: hashToken(token),
    caseId: input.caseId,
    attempt: input.attempt,
    role: consultee.role,
    contactName: consultee.name,
    urgency: input.urgency,
    reason: input.reason,
    question,
    taskToken: input.taskToken,
    expiresAt: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000) + 7 * 86_400,
  });
  const minutes = Math.max(1, Math.round(input.timeoutSeconds / 60));
  await deps.notifier.send({
    to: consultee.phone,
    recipient: `${consultee.role}:${input.attempt + 1}`,
    caseId: input.caseId,
    body: smsTemplates.consultation({
      caseId: input.caseId,
      urgency: input.urgency,
      region: c.region,
      question,
      minutes,
      link: `${deps.publicBaseUrl}/c/${token}`,
      callback: deps.callback,
    }),
  });
  await deps.cases.appendTimeline(input.caseId, {
    at: now.toISOString(),
    step: 'consultation_requested',
    by: systemActor,
    detail: `Consultverzoek (${reasonText(input.reason)}) aan ${consultee.name} (${consultee.role === 'vs_pa' ? 'VS/PA' : 'SO'}), poging ${input.attempt + 1}, antwoord binnen ${minutes} min`,
  });
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'update', via: 'workflow:AwaitSoAnswer' });
  return {};
}

/** Workflow step RecordNoAnswer: the consultee let the time pass. */
export async function recordNoAnswer(deps: Pick<ConsultationDeps, 'cases' | 'clock' | 'roster' | 'audit'>, input: ConsultationInput) {
  const chain = await deps.roster.soChain(deps.clock.now());
  const who = chain[input.attempt]?.name ?? `consulent ${input.attempt + 1}`;
  await deps.cases.appendTimeline(input.caseId, {
    at: deps.clock.now().toISOString(),
    step: 'consultation_unanswered',
    by: systemActor,
    detail: `Geen antwoord van ${who} binnen de tijd; door naar de volgende`,
  });
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'update', via: 'workflow:RecordNoAnswer' });
  return {};
}

/**
 * Workflow step NotifyCoordinator: nobody in the chain answered; the coordinator takes the
 * case. Also step ConsultationFailed (`failed`): a fault stopped the consultation, so a
 * person takes over rather than the question being dropped.
 */
export async function escalateToCoordinator(deps: ConsultationDeps, input: ConsultationInput & { failed?: boolean }) {
  const now = deps.clock.now();
  const via = input.failed ? 'workflow:ConsultationFailed' : 'workflow:NotifyCoordinator';
  const c = await deps.cases.get(input.caseId);
  if (!c) throw new NotFoundError(`casus ${input.caseId} bestaat niet`);
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'read', via });
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({
    to: coordinator.phone,
    recipient: coordinator.recipient,
    caseId: input.caseId,
    body: smsTemplates[input.failed ? 'consultationFailed' : 'consultationUnanswered']({
      caseId: input.caseId,
      urgency: input.urgency,
      region: c.region,
      question: reasonText(input.reason),
      link: `${deps.publicBaseUrl}/casus/${input.caseId}`,
      callback: deps.callback,
    }),
  });
  await deps.cases.appendTimeline(input.caseId, {
    at: now.toISOString(),
    step: input.failed ? 'consultation_failed' : 'consultation_escalated',
    by: systemActor,
    detail: input.failed
      ? 'Het consult kon door een storing niet verder; coördinator ingeschakeld'
      : 'Niemand in de SO-dienstketen antwoordde; coördinator ingeschakeld',
  }, { owner: { role: 'coordinator', id: c.region } });
  await deps.audit.record({ caseId: input.caseId, actor: systemActor, action: 'update', via });
  return {};
}

export type LinkState =
  | { state: 'open'; record: ConsultationRecord }
  | { state: 'used' | 'expired' | 'unknown' };

/** GET /c/{token}: what the confirm page shows. Never decides anything. */
export async function inspectLink(deps: Pick<ConsultationDeps, 'consultations' | 'clock'>, token: string): Promise<LinkState> {
  const record = await deps.consultations.get(hashToken(token));
  if (!record) return { state: 'unknown' };
  if (record.answeredAt) return { state: 'used' };
  if (record.expiresAt <= deps.clock.now().toISOString()) return { state: 'expired' };
  return { state: 'open', record };
}

const answerSchema = z
  .object({ answer: z.enum(consultationAnswers), advice: z.string().trim().max(1000).optional() })
  .refine((a) => a.answer !== 'advise' || !!a.advice, { message: 'geef een advies', path: ['advice'] });

const answerLabels: Record<ConsultationAnswer, string> = { accept: 'neemt over / accepteert', advise: 'geeft advies', decline: 'weigert' };

/** POST /c/{token}: records the answer once, resumes the workflow, logs it on the case. */
export async function answerConsultation(deps: ConsultationDeps, token: string, body: unknown): Promise<{ state: 'answered' } | { state: 'used' | 'expired' | 'unknown' }> {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  const link = await inspectLink(deps, token);
  if (link.state !== 'open') return { state: link.state };
  const now = deps.clock.now();
  const { answer, advice } = parsed.data;
  if (!(await deps.consultations.answer(link.record.tokenHash, answer, advice, now))) {
    return (await inspectLink(deps, token)).state === 'expired' ? { state: 'expired' } : { state: 'used' };
  }
  const actor: Actor = { role: link.record.role, id: link.record.contactName };
  await deps.cases.appendTimeline(link.record.caseId, {
    at: now.toISOString(),
    step: 'consultation_answered',
    by: actor,
    detail: `${link.record.contactName} ${answerLabels[answer]}${advice ? `: ${advice}` : ''}`,
  });
  await deps.audit.record({ caseId: link.record.caseId, actor, action: 'update', via: 'POST /c/{token}' });
  if (!(await deps.workflow.sendTaskSuccess(link.record.taskToken, { answer, ...(advice ? { advice } : {}) }))) {
    await deps.cases.appendTimeline(link.record.caseId, {
      at: deps.clock.now().toISOString(),
      step: 'workflow_gone',
      by: systemActor,
      detail: 'Het consultverzoek was al doorgezet; het antwoord is wel vastgelegd',
    });
  }
  return { state: 'answered' };
}

export const escalationSchema = z
  .object({
    note: z.string().trim().min(1, 'beschrijf de verslechtering').max(500),
    urgency: z.enum(urgencies).refine((u) => u !== 'U1', 'U1 is levensbedreigend: bel 112'),
  })
  .strict();

/** POST /cases/{caseId}/escalations: a HAP triagist escalates an open case; an SO consultation starts. */
export async function escalateCase(deps: ConsultationDeps, caseId: string, body: unknown, actor: Actor) {
  const parsed = escalationSchema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  const c = await deps.cases.get(caseId);
  if (!c) throw new NotFoundError(`casus ${caseId} bestaat niet`);
  if (closedStatuses.includes(c.status)) throw new ConflictError(`casus ${caseId} is gesloten (status ${c.status})`);
  const now = deps.clock.now();
  await deps.cases.appendTimeline(caseId, {
    at: now.toISOString(),
    step: 'hap_escalation',
    by: actor,
    detail: `Escalatie ${parsed.data.urgency}: ${parsed.data.note}`,
  });
  await deps.audit.record({ caseId, actor, action: 'update', via: 'POST /cases/{caseId}/escalations' });
  const input: ConsultationInput = { caseId, urgency: parsed.data.urgency, reason: 'hap_escalation', attempt: 0 };
  const { executionArn } = await deps.workflow.startConsultation(`${caseId}-esc-${now.getTime()}`, { ...input });
  return { caseId, executionArn };
}
