import * as z from 'zod';
import { herstelkliniekWards } from './triage/tree-schema';
import { inWindow } from './time';

export const facilityKinds = ['herstelkliniek', 'wijkkliniek', 'reo_bed'] as const;
export type FacilityKind = (typeof facilityKinds)[number];
export const isFacilityKind = (x: string): x is FacilityKind => (facilityKinds as readonly string[]).includes(x);

/** Wards: the herstelkliniek's by need; wijkkliniek and REO have one general ward. */
export const wardNames = [...herstelkliniekWards, 'algemeen'] as const;
export type WardName = (typeof wardNames)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'tijd als HH:MM');

export const admissionSchema = z.union([
  z.object({ type: z.literal('24/7') }),
  /** Local time, Europe/Amsterdam; daylight-saving time is taken into account. */
  z.object({ type: z.literal('window'), from: hhmm, to: hhmm }),
]);
export type Admission = z.output<typeof admissionSchema>;

export const wardSchema = z.object({
  ward: z.enum(wardNames),
  total: z.number().int().min(0),
  free: z.number().int().min(0),
  held: z.number().int().min(0),
  /**
   * The ward's own maximum stay in days (issue 11: per ward, not per facility); `null`: none
   * (palliatief); absent: the facility's `maxStayDays`.
   */
  maxStayDays: z.number().int().positive().nullable().optional(),
});
export type WardBeds = z.output<typeof wardSchema>;

/** The facility entity: stored as a META item plus one WARD#<ward> item per ward. */
export const facilitySchema = z.object({
  facilityId: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(facilityKinds),
  name: z.string().min(1),
  district: z.string(),
  districtsServed: z.array(z.string()),
  admission: admissionSchema,
  maxStayDays: z.number().int().positive(),
  transferNursePhone: z.string().regex(/^\+[1-9]\d{7,14}$/, 'telefoonnummer in E.164 (+316…)'),
  wards: z.array(wardSchema),
});
export type Facility = z.output<typeof facilitySchema>;

/** The maximum stay on a ward in days, or undefined where there is none (a palliative ward). */
export function wardMaxStayDays(facility: Pick<Facility, 'maxStayDays' | 'wards'>, ward: string): number | undefined {
  const own = facility.wards.find((w) => w.ward === ward)?.maxStayDays;
  if (own === null) return undefined;
  return own ?? facility.maxStayDays;
}

export function admitsAt(facility: Pick<Facility, 'admission'>, at: Date): boolean {
  return facility.admission.type === '24/7' || inWindow(at, facility.admission.from, facility.admission.to);
}

/** A bed manager's update: absent fields stay as they are. */
export const wardUpdateSchema = z
  .object({
    // A ward of a trillion beds is a typo, not a ward.
    total: z.number().int().min(0, 'mag niet negatief zijn').max(1000, 'hoogstens 1000 bedden per afdeling').optional(),
    free: z.number().int().min(0, 'mag niet negatief zijn').max(1000, 'hoogstens 1000 bedden per afdeling').optional(),
  })
  .strict()
  .refine((u) => u.total !== undefined || u.free !== undefined, { message: 'geef total en/of free', path: ['total'] });
export type WardUpdate = z.output<typeof wardUpdateSchema>;
