import type { Destination, Ward } from './triage/tree-schema';

/**
 * SMS texts. SMS is not a secure channel: a text carries a case reference, urgency,
 * destination, region, a callback number and a link; never a name, date of birth,
 * BSN, postcode or diagnosis. Only the arguments below can reach a text.
 */
export interface SmsContext {
  caseId: string;
  urgency: string;
  destination: Destination;
  ward?: Ward | undefined;
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

/** "16:05" in the region's time. */
export const localClock = (iso: string): string =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const smsTemplates = {
  /** To the facility's transfer nurse: a bed is held for a case. */
  bedHeld: (c: SmsContext & { until: string }): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, bed vastgehouden ` +
    `${destinationLabels[c.destination]}${c.ward ? ` (${c.ward})` : ''} tot ${localClock(c.until)}. Bevestig opname: ${c.link} Bel ${c.callback}.`,
  /** To the coordinator: nobody confirmed, the bed went back to the pool. */
  holdExpired: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, bedreservering verlopen zonder bevestiging. Graag regie: ${c.link}`,
  /** To the coordinator: no place found. */
  unplaced: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, geen plek gevonden voor ${destinationLabels[c.destination]}. Graag regie: ${c.link}`,
  /** To the party that should act on the triage outcome. */
  destination: (c: SmsContext): string =>
    `Verkeerstoren ${regionLabel(c.region)}: casus ${c.caseId}, ${c.urgency}, ` +
    `${destinationLabels[c.destination]}${c.ward ? ` (${c.ward})` : ''}. Bel ${c.callback}. ${c.link}`,
};
