/**
 * Postcode → district (gebied) of the Rotterdam care region. Numeric postcode ranges,
 * approximate by design: rosters and facilities are keyed by these district names.
 */
export const districts = [
  'Centrum',
  'Delfshaven',
  'Overschie',
  'Noord',
  'Hillegersberg-Schiebroek',
  'Kralingen-Crooswijk',
  'Prins Alexander',
  'Feijenoord',
  'IJsselmonde',
  'Charlois',
  'Hoogvliet',
  'Pernis',
  'Rozenburg',
  'Hoek van Holland',
  'Capelle aan den IJssel',
  'Krimpen aan den IJssel',
] as const;

export type District = (typeof districts)[number];

const ranges: Array<[from: number, to: number, district: District]> = [
  [3000, 3016, 'Centrum'],
  [3020, 3029, 'Delfshaven'],
  [3030, 3039, 'Noord'],
  [3040, 3049, 'Overschie'],
  [3050, 3059, 'Hillegersberg-Schiebroek'],
  [3060, 3063, 'Kralingen-Crooswijk'],
  [3064, 3069, 'Prins Alexander'],
  [3070, 3075, 'Feijenoord'],
  [3076, 3080, 'IJsselmonde'],
  [3081, 3089, 'Charlois'],
  [3150, 3159, 'Hoek van Holland'],
  [3180, 3189, 'Rozenburg'],
  [3190, 3194, 'Hoogvliet'],
  [3195, 3199, 'Pernis'],
  [2900, 2909, 'Capelle aan den IJssel'],
  [2920, 2926, 'Krimpen aan den IJssel'],
];

/** The district for a postcode ("3021", as stored, or "3021 AB"): only its 4 digits count; undefined when outside the region. */
export function districtForPostcode(postcode: string): District | undefined {
  const n = Number(postcode.slice(0, 4));
  return ranges.find(([from, to]) => n >= from && n <= to)?.[2];
}
