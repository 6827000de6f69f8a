import * as z from 'zod';
import { auditEntry } from '../domain/audit';
import type { CaseHistory } from '../domain/case-history';
import { districts } from '../domain/districts';
import { computeFigures, readFrom, showFigures, type Figures } from '../domain/figures';
import { figureTables } from '../domain/figures-csv';
import { daysBetween, isDate, localPeriod } from '../domain/local-date';
import type { HospitalStay } from '../domain/outcomes';
import type { Access, AuditLog, Capacity, Clock } from '../domain/ports';
import { authorizeRoute } from './authorize';

const date = z.string().refine(isDate, 'datum als JJJJ-MM-DD');

/** GET /figures?from=YYYY-MM-DD&to=YYYY-MM-DD[&district=…][&format=csv&table=…] */
export const figuresQuerySchema = z
  .object({
    from: date,
    to: date,
    district: z.enum(districts).optional(),
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(figureTables).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'tot mag niet voor van liggen' });
    else if (daysBetween(q.from, q.to) > 366) ctx.addIssue({ code: 'custom', path: ['to'], message: 'hoogstens 366 dagen' });
    if (q.format === 'csv' && !q.table) ctx.addIssue({ code: 'custom', path: ['table'], message: `geef bij format=csv een tabel: ${figureTables.join(', ')}` });
  });
export type FiguresQuery = z.output<typeof figuresQuerySchema>;

export interface ReadFiguresDeps {
  history: Pick<CaseHistory, 'forFigures'>;
  capacity: Pick<Capacity, 'list'>;
  audit: AuditLog;
  clock: Clock;
  region: string;
  hospitalStay: HospitalStay;
}

/** The query as the access log names it: `GET /figures?from=…&to=…&district=…`. */
export const withQuery = (access: Access, query: Record<string, string | number | undefined>): Access => ({
  ...access,
  via: `${access.via}?${Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')}`,
});

/**
 * GET /figures: the region's figures for a period (and a district), for the coordinator and
 * the privacy officer: aggregates only, small cells hidden. Reading the case data in
 * aggregate is one access-log entry under `cijfers:<region>`.
 */
export async function readFigures(deps: ReadFiguresDeps, query: FiguresQuery, access: Access): Promise<Figures> {
  const subject = `cijfers:${deps.region}`;
  const logged = withQuery(access, { from: query.from, to: query.to, district: query.district, format: query.format === 'csv' ? 'csv' : undefined, table: query.table });
  await authorizeRoute(deps, logged, 'read_figures', 'figures.read', subject);
  const period = localPeriod(query.from, query.to);
  const facilities = await deps.capacity.list();
  const cases = await deps.history.forFigures(deps.region, readFrom(period, facilities), period.end);
  const raw = computeFigures({ cases, facilities, period, ...(query.district ? { district: query.district } : {}), now: deps.clock.now(), hospitalStay: deps.hospitalStay });
  await deps.audit.record(auditEntry(logged, 'figures.read', { caseId: subject }));
  return showFigures(raw);
}
