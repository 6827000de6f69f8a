/**
 * No figure reveals a single patient. A count of 1 to 4 shows as "<5" (0 stays 0); a median,
 * percentile or share that rests on 1 to 4 cases shows "<5" too. Where one count of a row is
 * hidden, the next smallest is hidden as well, shown "x" (the sign CBS uses for "geheim"), so
 * that the row's total does not give the small one away. Pure.
 */
export const small = '<5' as const;
export const secondary = 'x' as const;

/** A count as shown: the number, or hidden. */
export type Cell = number | typeof small | typeof secondary;

export const isSmall = (n: number): boolean => n >= 1 && n <= 4;

/** One count on its own. */
export const cell = (n: number): Cell => (isSmall(n) ? small : n);

/**
 * A row of counts (one breakdown of a total). Small cells become "<5"; when exactly one is
 * small, the smallest other non-zero count becomes "x" (the first in key order on a tie).
 */
export function hideRow<K extends string>(row: Record<K, number>): Record<K, Cell> {
  const keys = Object.keys(row) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, cell(row[k])])) as Record<K, Cell>;
  const hidden = keys.filter((k) => isSmall(row[k]));
  if (hidden.length === 1) {
    const next = keys.filter((k) => row[k] > 0 && !hidden.includes(k)).sort((a, b) => row[a] - row[b])[0];
    if (next !== undefined) out[next] = secondary;
  }
  return out;
}

/**
 * A value that rests on a number of cases (a median over n cases): hidden when n is 1 to 4.
 * `null` stays null (no cases at all).
 */
export const restingOn = <T>(value: T, cases: number): T | typeof small => (isSmall(cases) ? small : value);

/**
 * A share `part / whole`, rounded to three decimals: hidden when the part or the rest is
 * 1 to 4 (either would pin down a few patients); `null` without cases.
 */
export function share(part: number, whole: number): number | null | typeof small {
  if (whole === 0) return null;
  if (isSmall(part) || isSmall(whole - part)) return small;
  return Math.round((part / whole) * 1000) / 1000;
}
