import { conditions } from './referral-schema';

/**
 * What an SMS must never carry: a BSN (or any 9-digit number), a postcode, a date
 * (of birth), a diagnosis. Names are never in a referral, so cannot leak. Used by the
 * tests that scan every template and every message sent in the suite.
 */
const diagnosisWords = [
  ...conditions.filter((c) => c !== 'other'),
  'copd', 'pneumoni', 'longontsteking', 'decompensatio', 'hartfalen', 'elektrolyt', 'urineweg', 'delier', 'delirium', 'dementie', 'crisis',
];

const allowedLink = /^https?:\/\/[^/\s]+\/(casus\/VT-[2-9A-Z]{6}|c\/([\w-]{20,}|…))$/;

/**
 * The body without what is allowed to look like data: links (a port such as :38637 or
 * a random token), case references ("VT-5256AA") and phone numbers.
 */
export function withoutAllowedParts(body: string): string {
  return body.replace(/https?:\/\/\S+/g, ' ').replace(/\bVT-[2-9A-Z]{6}\b/g, ' ').replace(/\+\d+/g, ' ');
}

export function smsLeaks(body: string): string[] {
  const found: string[] = [];
  // Links may only point at a case or carry an answer token; case references are allowed.
  for (const link of body.match(/https?:\/\/\S+/g) ?? []) if (!allowedLink.test(link)) found.push(`unexpected link ${link}`);
  body = withoutAllowedParts(body);
  if (/(?<!\d)\d{9}(?!\d)/.test(body)) found.push('9-digit number (BSN?)');
  if (/\b[1-9]\d{3} ?[A-Za-z]{2}\b/.test(body)) found.push('postcode');
  if (/\b\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b/.test(body)) found.push('date');
  const lower = body.toLowerCase();
  for (const w of diagnosisWords) if (lower.includes(w)) found.push(`diagnosis word "${w}"`);
  return found;
}
