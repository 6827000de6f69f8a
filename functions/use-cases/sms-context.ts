import type { Case } from '../domain/case';
import type { AuditLog, Clock, Notifier } from '../domain/ports';
import type { SmsContext } from '../domain/sms';

/** What every text needs besides the case: the links' base URL and the number to call back. */
export interface SmsLinks {
  publicBaseUrl: string;
  callback: string;
}

/** What a step that reads a case and texts someone needs besides its case and roster ports. */
export interface TextingDeps extends SmsLinks {
  audit: AuditLog;
  clock: Clock;
  notifier: Notifier;
}

/** The context of a text about a case: reference, urgency, region, link; never a patient fact. */
export function smsContext(links: SmsLinks, c: Case, destination: SmsContext['destination'] = c.decision?.destination ?? 'herstelkliniek'): SmsContext {
  return textAbout(links, { caseId: c.caseId, urgency: c.referral.presentation.urgency, region: c.region }, destination);
}

/** The same, from the codes a workflow step carries (it did not read the case). */
export function textAbout(links: SmsLinks, about: { caseId: string; urgency: string; region: string }, destination: SmsContext['destination']): SmsContext {
  return { ...about, destination, callback: links.callback, link: caseLink(links, about.caseId) };
}

/** The case page, as the web app serves it (`/casus/…`; the API is `/cases/…`). */
export const caseLink = (links: Pick<SmsLinks, 'publicBaseUrl'>, caseId: string) => `${links.publicBaseUrl}/casus/${caseId}`;
