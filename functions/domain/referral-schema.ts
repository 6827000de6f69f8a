import * as z from 'zod';
// Only the Dutch locale: `z.locales` would bundle all 64 of them into every Lambda.
import nl from 'zod/v4/locales/nl.js';

// Clinicians read these messages: zod's Dutch locale for the generic ones.
z.config(nl());

/** Dutch citizen service number: 9 digits passing the "11-test" (elfproef). */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - (digits[8] ?? 0);
  return sum % 11 === 0 && value !== '000000000';
}

/**
 * A Dutch phone number as E.164 (+31…), or undefined. A light check on purpose: this schema
 * is in every handler bundle, libphonenumber only in the roster's (issue 13: bundles ≤ 250 kB).
 * Accepts 0XX…, +31…, 0031…, with spaces, dashes, dots or brackets; 9 digits after the 0.
 */
export function dutchPhoneE164(value: string): string | undefined {
  const digits = value.trim().replace(/[\s\-.()]/g, '');
  // "+31 (0)10 …": the trunk 0 in brackets is dropped with the brackets.
  const national = /^(?:\+31|0031)0?([1-9]\d{8})$/.exec(digits) ?? /^0([1-9]\d{8})$/.exec(digits);
  return national ? `+31${national[1]}` : undefined;
}

export const postcodePattern = /^[1-9]\d{3} ?[A-Za-z]{2}$/;

export const urgencies = ['U1', 'U2', 'U3', 'U4', 'U5'] as const;
export const conditions = [
  'copd_exacerbation',
  'pneumonia',
  'heart_failure',
  'electrolyte_disorder',
  'urinary_tract_infection',
  'other',
] as const;
export const referrerRoles = ['gp', 'hap_triagist'] as const;

/**
 * The referral: the public contract of the referral API and the triage CLI.
 * Field names are fixed; outside tools and clinical test sets are written against them.
 */
export const referralSchema = z
  .object({
    patient: z
      .object({
        age: z.number().int().min(0).max(130),
        postcode: z
          .string()
          .regex(postcodePattern, 'geen geldige Nederlandse postcode (1234 AB)')
          // Least data: only the 4 digits are used (the district); the letters are never stored.
          .transform((p) => p.slice(0, 4)),
        livesAlone: z.boolean(),
        informalCarerAvailable: z.boolean(),
        /** Tree v2: the informal carer collapsed or cannot cope. Optional; not sent counts as no. */
        carerOverburdened: z.boolean().optional(),
        bsn: z.string().refine(isValidBsn, 'BSN moet 9 cijfers zijn en de elfproef doorstaan').optional(),
        /** The patient's own GP practice, texted at discharge (warm handover); stored as E.164 (+31…). */
        gpPracticePhone: z
          .string()
          .refine((v) => dutchPhoneE164(v) !== undefined, 'geen geldig Nederlands telefoonnummer (bijv. 010 123 4567 of +31 10 123 4567)')
          .transform((v) => dutchPhoneE164(v) as string)
          .optional(),
      })
      .strict(),
    acp: z.object({ noHospitalAdmission: z.boolean() }).strict(),
    presentation: z
      .object({
        urgency: z.enum(urgencies),
        lifeThreatening: z.boolean(),
        medicalSpecialistCareNeeded: z.boolean(),
        complexity: z.enum(['low', 'high']),
        condition: z.enum(conditions),
        clinicallyStable: z.boolean(),
        functionalDecline: z.boolean(),
        causeUnclear: z.boolean(),
        delirium: z.boolean(),
        psychogeriatricCrisis: z.boolean(),
        rehabilitationNeed: z.boolean(),
        safeAtHomeWithSupport: z.boolean(),
        // Tree v2. Optional, and kept absent when not sent: the tree counts that as no (its
        // questions' `default`) and its explanation says "niet gevraagd: nee".
        /** Palliatief-terminale fase: life expectancy under about three months. */
        palliativePhase: z.boolean().optional(),
        /** Verdenking fractuur na een val. */
        suspectedFracture: z.boolean().optional(),
        /** Treatment (e.g. IV antibiotics, oxygen) possible at home with the acute district team. */
        treatableAtHome: z.boolean().optional(),
        /** Medication problem: side effect, non-adherence, polypharmacy. */
        medicationProblem: z.boolean().optional(),
      })
      .strict(),
    referrer: z
      .object({
        role: z.enum(referrerRoles),
        requestedAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
  })
  .strict();

export type Referral = z.output<typeof referralSchema>;
export type ReferralInput = z.input<typeof referralSchema>;

export interface FieldError {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Turns zod issues into `{ path, message }` with dotted paths, e.g. `patient.bsn`. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

const groups = ['patient', 'acp', 'presentation', 'referrer'] as const;

/**
 * POST /referrals as the edge validates it. A missing group is read as empty, so the errors
 * name each missing field, not just the group.
 */
export const referralRequestSchema = z.preprocess(
  (input) =>
    input && typeof input === 'object' && !Array.isArray(input)
      ? { ...input, ...Object.fromEntries(groups.filter((g) => (input as Record<string, unknown>)[g] === undefined).map((g) => [g, {}])) }
      : input,
  referralSchema,
);

export function parseReferral(input: unknown): ParseResult<Referral> {
  const result = referralRequestSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}
