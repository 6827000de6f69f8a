import { deps } from '../adapters/deps';
import { DynamoCaseHistory } from '../adapters/dynamo-case-history';
import { config } from '../config';
import { figuresCsv, figuresFilename } from '../domain/figures-csv';
import { hospitalStay } from '../domain/outcomes';
import { httpHandler } from '../lib/http';
import { figuresQuerySchema, readFigures } from '../use-cases/read-figures';

/** GET /figures?from=…&to=…[&district=…][&format=csv&table=…] → the region's figures, small cells hidden. */
export const handler = httpHandler({ schema: figuresQuerySchema, from: ({ query }) => query }, async ({ input, access }) => {
  const figures = await readFigures({ ...deps(), history: new DynamoCaseHistory(), hospitalStay: hospitalStay(config().AVERAGE_HOSPITAL_STAY_DAYS) }, input, access);
  if (input.format === 'csv' && input.table) return { statusCode: 200, csv: figuresCsv(figures, input.table), filename: figuresFilename(figures, input.table) };
  return { statusCode: 200, body: figures };
});
