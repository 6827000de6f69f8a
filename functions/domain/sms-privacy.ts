import { conditions } from './referral';

/**
 * What an SMS must never carry: a BSN (or any 9-digit number), a postcode, a date
 * (of birth), a diagnosis. Names are never in a referral, so cannot leak. Used by the
 * tests that scan every template and every message sent in the suite.
 */
const diagnosisWords = [
  ...conditions.filter((c) => c !== 'other'),
  'copd', 'pneumoni', 'longontsteking', 'decompensatio', 'hartfalen', 'elektrolyt', 'urineweg', 'delier', 'delirium', 'dementie', 'crisis',
];

export function smsLeaks(body: string): string[] {
  const found: string[] = [];
  if (/(?<!\d)\d{9}(?!\d)/.test(body.replace(/\+\d+/g, ''))) found.push('9-digit number (BSN?)');
  if (/\b[1-9]\d{3} ?[A-Z]{2}\b/.test(body)) found.push('postcode');
  if (/\b\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b/.test(body)) found.push('date');
  const lower = body.toLowerCase();
  for (const w of diagnosisWords) if (lower.includes(w)) found.push(`diagnosis word "${w}"`);
  return found;
}
