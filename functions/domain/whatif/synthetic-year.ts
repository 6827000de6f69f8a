import { districtForPostcode } from '../districts';
import type { Referral } from '../referral-schema';
import { startOfLocalDay, addDays, datesOf } from '../local-date';
import { mulberry32 } from './random';

/**
 * A year of referrals for the sample region, for `npm run whatif -- --synthetic-year`. Every
 * parameter is here, with its source where the seeds give one; the rest is an assumption,
 * chosen so the tree's decisions fall in a plausible mix. Deterministic for a seed.
 */
export const syntheticParameters = {
  year: 2026,
  /** Referrals per day on average: ≈ 20,000 a year, the size target (assumption; the seeds give no volume). */
  perDay: 57,
  /** Saturday and Sunday, relative to a weekday (assumption). */
  weekendFactor: 0.85,
  /** Winter peak, highest mid-January: 1 + amplitude × cos(…) (assumption: respiratory infections in winter). */
  winterAmplitude: 0.15,
  /** Relative weight of each hour of the day, 00–23 local time (assumption: a morning peak and the evening HAP hours). */
  hourWeights: [1, 1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7, 6, 6, 6, 6, 7, 6, 5, 4, 3, 2, 1],
  /** The GP refers in office hours (Mon–Fri 08:00–17:00), the HAP triagist in the ANW hours (domain brief, seed 002). */
  officeHours: { from: 8, to: 17 },
  /** Urgency U1…U5 (assumption; the workflow handles U2–U4, U1 goes to 112). */
  urgency: { U1: 0.02, U2: 0.18, U3: 0.5, U4: 0.25, U5: 0.05 },
  /** Share of each condition: the five low-complex ones a wijkkliniek treats (seed 002) and "other" (shares: assumption). */
  condition: { copd_exacerbation: 0.14, pneumonia: 0.18, heart_failure: 0.14, electrolyte_disorder: 0.06, urinary_tract_infection: 0.18, other: 0.3 },
  /** Each fact's chance of being true (assumption). */
  chance: {
    lifeThreatening: 0.02,
    medicalSpecialistCareNeeded: 0.32,
    lowComplexity: 0.65,
    clinicallyStable: 0.9,
    functionalDecline: 0.35,
    causeUnclearGivenDecline: 0.35,
    delirium: 0.08,
    psychogeriatricCrisis: 0.03,
    rehabilitationNeed: 0.15,
    safeAtHomeWithSupport: 0.8,
    palliativePhase: 0.05,
    suspectedFracture: 0.05,
    treatableAtHome: 0.3,
    medicationProblem: 0.1,
    livesAlone: 0.45,
    informalCarerAvailable: 0.7,
    carerOverburdenedGivenCarer: 0.1,
    acpNoHospitalAdmission: 0.12,
  },
  /** Age: triangular 70–100, most often 84 (assumption: frail elderly living at home). */
  age: { min: 70, mode: 84, max: 100 },
  /** Postcodes: uniform over the region's postcode ranges (Rotterdam 3000–3199, Capelle 2900–2909, Krimpen 2920–2926; domain brief). */
  postcodes: { from: 2900, to: 3199 },
} as const;

const pick = <K extends string>(weights: Record<K, number>, u: number): K => {
  const entries = Object.entries(weights) as Array<[K, number]>;
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [k, w] of entries) {
    if ((x -= w) < 0) return k;
  }
  return (entries[entries.length - 1] as [K, number])[0];
};

/** Poisson by inversion, fine for a mean of about 55. */
function poisson(mean: number, random: () => number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s && k < 1000) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

const weekdayOf = (ymd: string) => new Date(`${ymd}T12:00:00Z`).getUTCDay();

/** The referrals of a synthetic year, in order of arrival. */
export function syntheticYear(seed: number, p = syntheticParameters): Referral[] {
  const random = mulberry32(seed ^ 0x5eed);
  const chance = (x: number) => random() < x;
  const referrals: Referral[] = [];
  const days = datesOf(`${p.year}-01-01`, `${p.year}-12-31`);
  const hourTotal = p.hourWeights.reduce((a, b) => a + b, 0);
  days.forEach((date, dayIndex) => {
    const weekday = weekdayOf(date);
    const weekend = weekday === 0 || weekday === 6;
    const season = 1 + p.winterAmplitude * Math.cos((2 * Math.PI * (dayIndex - 14)) / days.length);
    const n = poisson(p.perDay * season * (weekend ? p.weekendFactor : 1), random);
    const midnight = startOfLocalDay(date).getTime();
    const nextMidnight = startOfLocalDay(addDays(date, 1)).getTime();
    for (let i = 0; i < n; i++) {
      let x = random() * hourTotal;
      let h = 0;
      while ((x -= p.hourWeights[h] ?? 0) >= 0 && h < 23) h++;
      const at = Math.min(midnight + (h * 60 + Math.floor(random() * 60)) * 60_000 + Math.floor(random() * 60) * 1000, nextMidnight - 1000);
      const office = !weekend && h >= p.officeHours.from && h < p.officeHours.to;
      let postcode = 0;
      while (!districtForPostcode(String(postcode))) postcode = p.postcodes.from + Math.floor(random() * (p.postcodes.to - p.postcodes.from + 1));
      const u = random();
      const { min, mode, max } = p.age;
      const f = (mode - min) / (max - min);
      const age = Math.round(u < f ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode)));
      const carer = chance(p.chance.informalCarerAvailable);
      const specialist = chance(p.chance.medicalSpecialistCareNeeded);
      const decline = chance(p.chance.functionalDecline);
      const urgency = pick(p.urgency, random());
      referrals.push({
        patient: { age, postcode: `${postcode} AB`, livesAlone: chance(p.chance.livesAlone), informalCarerAvailable: carer, ...(carer ? { carerOverburdened: chance(p.chance.carerOverburdenedGivenCarer) } : {}) },
        acp: { noHospitalAdmission: chance(p.chance.acpNoHospitalAdmission) },
        presentation: {
          urgency,
          lifeThreatening: chance(p.chance.lifeThreatening),
          medicalSpecialistCareNeeded: specialist,
          complexity: chance(p.chance.lowComplexity) ? 'low' : 'high',
          condition: pick(p.condition, random()),
          clinicallyStable: chance(p.chance.clinicallyStable),
          functionalDecline: decline,
          causeUnclear: decline && chance(p.chance.causeUnclearGivenDecline),
          delirium: chance(p.chance.delirium),
          psychogeriatricCrisis: chance(p.chance.psychogeriatricCrisis),
          rehabilitationNeed: chance(p.chance.rehabilitationNeed),
          safeAtHomeWithSupport: chance(p.chance.safeAtHomeWithSupport),
          palliativePhase: chance(p.chance.palliativePhase),
          suspectedFracture: chance(p.chance.suspectedFracture),
          treatableAtHome: chance(p.chance.treatableAtHome),
          medicationProblem: chance(p.chance.medicationProblem),
        },
        referrer: { role: office ? 'gp' : 'hap_triagist', requestedAt: new Date(at).toISOString() },
      });
    }
  });
  return referrals;
}
