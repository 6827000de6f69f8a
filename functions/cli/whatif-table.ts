import { facilityKinds, type FacilityKind } from '../domain/facility';
import { destinations } from '../domain/triage/tree-schema';
import { placedAtKeys, type SideSummary } from '../domain/whatif/simulate';
import type { WhatIfRun } from './whatif';

/** Dutch names for the table; the JSON keeps the API's keys. */
const names: Record<string, string> = {
  call_112: '112',
  home: 'thuis',
  herstelkliniek: 'herstelkliniek',
  wijkkliniek: 'wijkkliniek',
  reo_bed: 'REO-bed',
  seh: 'SEH',
  coordinator: 'coördinator (geen plek)',
};

const nl = (n: number) => n.toLocaleString('nl-NL');
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The what-if as a table: baseline beside scenario, with the difference. */
export function formatWhatIf(run: WhatIfRun, losSources: Record<FacilityKind, string>): string {
  const { baseline: b, scenario: s } = run.result;
  const rows: Array<[string, string, string, string] | [string]> = [];
  const section = (title: string) => rows.push([title]);
  const count = (label: string, x: number, y: number) => rows.push([`  ${label}`, nl(x), nl(y), y === x ? '' : `${y > x ? '+' : ''}${nl(y - x)}`]);
  const map = <K extends string>(title: string, keys: readonly K[], pick: (side: SideSummary) => Record<K, number>) => {
    section(title);
    for (const k of keys) count(names[k] ?? k, pick(b)[k], pick(s)[k]);
  };
  section('Bedden');
  for (const k of facilityKinds) count(names[k] ?? k, run.beds.baseline[k], run.beds.scenario[k]);
  map('Triagebesluit (de boom)', destinations, (x) => x.byDestination);
  map('Waar de casussen eindigden', placedAtKeys, (x) => x.placedAt);
  map('Passend maar geen bed', facilityKinds, (x) => x.fitButNoBed);
  section('Overig');
  count('geplaatst via uitwijk', b.placedByFallback, s.placedByFallback);
  count('naar de SEH', b.seh, s.seh);
  count('ziekenhuisbeddagen voorkomen', b.bedDaysAvoided, s.bedDaysAvoided);
  section('Bezetting (gemiddeld / p95)');
  for (const k of facilityKinds) rows.push([`  ${names[k]}`, `${pct(b.occupancy[k].mean)} / ${pct(b.occupancy[k].p95)}`, `${pct(s.occupancy[k].mean)} / ${pct(s.occupancy[k].p95)}`, '']);
  const width = [34, 14, 14, 10];
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[0] ?? 0) : c.padStart(width[i] ?? 0))).join('');
  const head = line(['', 'basis', 'scenario', 'verschil']);
  const body = rows.map((r) => (r.length === 1 ? `\n${r[0]}` : line(r)));
  const los = facilityKinds.map((k) => `  ligduur ${names[k]}: ${run.lengthOfStay[k].min}–${run.lengthOfStay[k].max} dagen, meestal ${run.lengthOfStay[k].mode} (${losSources[k]})`);
  return [
    `Wat als: ${nl(run.result.referrals)} verwijzingen (${run.source}), triageboom ${run.treeVersion}`,
    '',
    head,
    ...body,
    '',
    'Aannames:',
    ...los,
    `  gemiddelde opnameduur ziekenhuis: ${run.hospitalStay.days} dagen (${run.hospitalStay.source})`,
    '  de bedden beginnen leeg; het wachten op bevestiging, een SO die afwijst en verlopen reserveringen worden niet gesimuleerd',
  ].join('\n');
}
