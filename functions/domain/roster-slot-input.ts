import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import metadata from './phone-metadata-nl.json';
import * as z from 'zod';
import { rosterSlotSchemaWith } from './roster-slot';

/**
 * A phone number as typed (06-12345678, +31 6 …) → E.164, or a clear error. Deliberately the
 * full ("max") metadata, so a number is checked as strictly as the library can (a wrong
 * number sends answer links to the wrong phone), but for the Netherlands only
 * (scripts/phone-metadata.ts): rosters list Dutch staff phones, and all countries would add
 * ~190 kB to this Lambda. A foreign number is refused with that reason.
 */
export const phoneSchema = z.string().transform((value, ctx) => {
  const parsed = parsePhoneNumberFromString(value, 'NL', metadata as unknown as MetadataJson);
  if (!parsed?.isValid()) {
    const foreign = /^\s*(\+|00)(?!31)/.test(value);
    ctx.addIssue({ code: 'custom', message: foreign ? `alleen Nederlandse nummers (+31): "${value}"` : `geen geldig telefoonnummer: "${value}"` });
    return z.NEVER;
  }
  return parsed.number;
});

/** PUT /rosters/{rosterKey}/slots/{slotId}: the slot as the coordinator typed it. */
export const rosterSlotInputSchema = rosterSlotSchemaWith(phoneSchema);
export type RosterSlotInput = z.input<typeof rosterSlotInputSchema>;
