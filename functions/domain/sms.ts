import type { Destination } from './triage/tree-schema';

/**
 * SMS texts. SMS is not a secure channel: a text carries a case reference, urgency,
 * destination, region, a callback number and a link; never a name, date of birth,
 * BSN, postcode or diagnosis, and no ward either (a "delier" ward names a diagnosis).
 * Only the arguments below can reach a text.
 */
export interface SmsContext {
  caseId: string;
  urgency: string;
  destination: Destination;
  region: string;
  callback: string;
  link: string;
}

export const destinationLabels: Record<Destination, string> = {
  call_112: 'bel 112',
  home: 'thuis met acuut wijkteam',
  herstelkliniek: 'herstelkliniek',
  wijkkliniek: 'wijkkliniek',
  reo_bed: 'REO-observatiebed',
  seh: 'SEH',
};

const regionLabel = (region: string): string => region.charAt(0).toUpperCase() + region.slice(1);

/** Where a patient went at discharge, as a text says it (no diagnosis, no place name). */
export const dischargeLabels: Record<'home' | 'home_with_care' | 'wlz' | 'hospital' | 'deceased' | 'other', string> = {
  home: 'naar huis',
  home_with_care: 'naar huis met zorg',
  wlz: 'naar een Wlz-plek',
  hospital: 'naar het ziekenhuis',
  deceased: 'overleden',
  other: 'elders',
};

/** Why a held bed went back without an admission, as the desk's text says it (no clinical reason). */
export const holdReleaseLabels = {
  cancelled: 'casus geannuleerd',
  expired: 'niet op tijd bevestigd',
  corrected: 'besluit gewijzigd door de coördinator',
} as const;
export type HoldRelease = keyof typeof holdReleaseLabels;

/** "16:05" in the region's time. */
export const localClock = (iso: string): string =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const smsTemplates = {
  /** To the facility's transfer nurse: a bed is held for a case. */
  bedHeld: (c: SmsContext & { until: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, bed vastgehouden ` +
    `${destinationLabels[c.destination]} tot ${localClock(c.until)}. Bevestig opname: ${c.link} Bel ${c.callback}.`,
  /**
   * To the facility's transfer nurse desk that was asked to confirm: the hold ended without an
   * admission; nobody comes. No link: the case is no longer the desk's.
   */
  holdReleased: (c: SmsContext & { why: HoldRelease }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, bedreservering ${destinationLabels[c.destination]} vervallen ` +
    `(${holdReleaseLabels[c.why]}). U hoeft niemand te verwachten; het bed is weer vrij. Bel ${c.callback}.`,
  /** To the coordinator: nobody confirmed, the bed went back to the pool. */
  holdExpired: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, bedreservering verlopen zonder bevestiging. Graag regie: ${c.link}`,
  /** To the on-call SO (or backup): a consultation request with a single-use answer link. */
  consultation: (c: Omit<SmsContext, 'destination'> & { question: string; minutes: number }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: consultverzoek casus ${c.caseId}, ${c.urgency}, ${c.question}. ` +
    `Antwoord binnen ${c.minutes} min: ${c.link} Bel ${c.callback}.`,
  /**
   * To the acute district team (or the FACT-VVT team) on duty: a home decision to confirm
   * through a single-use link, "wij gaan" or "kunnen niet". Which team is asked stays out
   * of the text: a psychogeriatric team would hint at the diagnosis.
   */
  teamConfirmation: (c: Omit<SmsContext, 'destination'> & { minutes: number }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, ${destinationLabels.home}. ` +
    `Gaat u? Bevestig binnen ${c.minutes} min: ${c.link} Bel ${c.callback}.`,
  /** To the coordinator: the whole on-call chain was silent or declined. */
  consultationUnanswered: (c: Omit<SmsContext, 'destination'> & { question: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, ${c.question} onbeantwoord door de hele dienstketen. Graag regie: ${c.link}`,
  /** To the coordinator: the consultation could not go on for a fault; a person must take over. */
  consultationFailed: (c: Omit<SmsContext, 'destination'> & { question: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, ${c.question} kon door een storing niet worden uitgezet. Graag regie: ${c.link}`,
  /** To the coordinator: an SMS to someone else could not be delivered. */
  undeliverable: (c: { caseId: string; recipient: string }): string =>
    `Verkeerstoren: sms aan ${c.recipient} over casus ${c.caseId} kon niet worden bezorgd. Neem contact op.`,
  /** To the coordinator: a referral was stored but its workflow did not start. */
  workflowFailed: (c: { caseId: string; urgency: string; region: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, verwijzing ontvangen maar workflow niet gestart. Graag regie.`,
  /** To the coordinator: the case's workflow stopped and the sweep of stuck cases could not start it again (why: on the case). */
  workflowStalled: (c: Omit<SmsContext, 'destination'>): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, workflow vastgelopen; de casus ligt stil. Graag regie: ${c.link} Bel ${c.callback}.`,
  /** To the coordinator: the SO found the herstelkliniek not suitable; the bed went back. */
  soDeclined: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, SO wijst ${destinationLabels[c.destination]} af; bed vrijgegeven. Reden in de casus. Graag regie: ${c.link}`,
  /** To the facility's transfer nurse desk: the SO gave advice for the admission (the advice itself is in the case). */
  soAdvice: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, de SO gaf advies bij de opname; lees het in de casus: ${c.link}`,
  /** To the coordinator: no place found. */
  unplaced: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, geen plek gevonden voor ${destinationLabels[c.destination]}. Graag regie: ${c.link}`,
  /** To the facility's transfer nurse desk and the treating physician: the maximum stay ends in `daysLeft` days. */
  stayEnding: (c: SmsContext & { daysLeft: number; maxStayDays: number }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, verblijf ${destinationLabels[c.destination]} eindigt over ${c.daysLeft} ${c.daysLeft === 1 ? 'dag' : 'dagen'} ` +
    `(max ${c.maxStayDays}). Plan ontslag en nazorg: ${c.link} Bel ${c.callback}.`,
  /** REO (GP responsible), to the REO's transfer nurse desk: day 7, plan the consultation with the GP. */
  reoGpConsultDesk: (c: SmsContext & { day: number; maxStayDays: number }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${destinationLabels[c.destination]} dag ${c.day} van max ${c.maxStayDays}. ` +
    `Plan nu het overleg met de huisarts over het plan: ${c.link} Bel ${c.callback}.`,
  /** REO, to the GP: day 7, the REO asks for the consultation about the plan; the REO's desk number to call. */
  reoGpConsultGp: (c: SmsContext & { day: number; maxStayDays: number; deskPhone: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${destinationLabels[c.destination]} dag ${c.day} van max ${c.maxStayDays}. ` +
    `Het REO vraagt u om overleg over het plan; bel ${c.deskPhone}. ${c.link}`,
  /** Warm handover, to the referrer and the patient's GP practice: the patient left the facility (where to; the note is in the case). */
  discharged: (c: SmsContext & { dischargedTo: keyof typeof dischargeLabels }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId} ontslagen uit ${destinationLabels[c.destination]}, ${dischargeLabels[c.dischargedTo]}. ` +
    `Overdracht in de casus: ${c.link} Bel ${c.callback}.`,
  /**
   * Warm handover, to the patient's GP practice, which has no account to open the case: the
   * facility's transfer nurse desk to call for the handover, with the case reference.
   */
  dischargedPractice: (c: SmsContext & { dischargedTo: keyof typeof dischargeLabels; deskPhone: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId} ontslagen uit ${destinationLabels[c.destination]}, ${dischargeLabels[c.dischargedTo]}. ` +
    `Voor de overdracht: bel de instelling op ${c.deskPhone} en noem de casus. Bel ${c.callback} voor vragen.`,
  /** Warm handover, to the acute district team on duty: a patient of the district comes home after a stay. */
  dischargedHome: (c: SmsContext & { dischargedTo: 'home' | 'home_with_care' }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId} gaat ${dischargeLabels[c.dischargedTo]} na ontslag uit ${destinationLabels[c.destination]}; ` +
    `graag de zorg thuis oppakken. Overdracht: ${c.link} Bel ${c.callback}.`,
  /** To the party that should act on the triage outcome. */
  destination: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, ` +
    `${destinationLabels[c.destination]}. Bel ${c.callback}. ${c.link}`,
};
