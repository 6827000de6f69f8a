import { facilityKinds, type FacilityKind } from '../facility';

/**
 * How long a patient stays in a bed of each kind, in days: a triangular distribution
 * (shortest, most common, longest). Configurable with `--los KIND=MIN,MODE,MAX`. The defaults
 * and where each comes from (seed 002 is the national evaluation in shared/seeds):
 */
export interface Triangle {
  min: number;
  mode: number;
  max: number;
}
export type LengthOfStay = Record<FacilityKind, Triangle>;

export const lengthOfStayDefaults: LengthOfStay = {
  // Acute recovery wards take about two weeks (domain brief; the sample facilities' maxStayDays 14); min and mode: assumption.
  herstelkliniek: { min: 2, mode: 10, max: 14 },
  // Low-complex hospital care close to home; the sample facilities' maxStayDays 7 (fictional); min and mode: assumption.
  wijkkliniek: { min: 1, mode: 4, max: 7 },
  // "opname van maximaal 9 dagen" (seed 002, REO-bed); min and mode: assumption.
  reo_bed: { min: 2, mode: 7, max: 9 },
};

export const lengthOfStaySources: Record<FacilityKind, string> = {
  herstelkliniek: 'max 14: acute herstelafdelingen ~2 weken (domeinbrief; maxStayDays 14 in de voorbeeldregio); min en modus: aanname',
  wijkkliniek: 'max 7: maxStayDays van de fictieve voorbeeldregio; min en modus: aanname',
  reo_bed: 'max 9: "opname van maximaal 9 dagen" (seed 002, REO-bed); min en modus: aanname',
};

/** The stay in days for a number u in [0, 1): the triangle's inverse distribution function. */
export function stayDays(t: Triangle, u: number): number {
  const { min: a, mode: c, max: b } = t;
  if (b <= a) return a;
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** `wijkkliniek=1,4,7` → the kind and its triangle, or a Dutch message saying what is wrong. */
export function parseLengthOfStay(text: string): { kind: FacilityKind; triangle: Triangle } | { error: string } {
  const m = /^([a-z_]+)=(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(text);
  if (!m) return { error: `--los "${text}": verwacht SOORT=MIN,MODUS,MAX in dagen, bv. wijkkliniek=1,4,7` };
  const kind = m[1] as FacilityKind;
  if (!facilityKinds.includes(kind)) return { error: `--los "${text}": onbekende soort ${m[1]} (${facilityKinds.join(', ')})` };
  const [min, mode, max] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (!(min <= mode && mode <= max) || max <= 0) return { error: `--los "${text}": er moet gelden MIN ≤ MODUS ≤ MAX en MAX > 0` };
  return { kind, triangle: { min, mode, max } };
}
