import { figuresCaseSchema, replayCaseSchema, reviewCaseSchema, type CaseHistory, type FiguresCase, type ReplayCase, type ReviewCase } from '../domain/case-history';
import { caseTable, createdBetween, figuresItem, figuresProjection, replayProjection, reviewProjection } from '../entities/case-history';
import { config } from '../config';
import { batchGetCases, queryAll, type CaseProjection } from './dynamo';

type Projection = CaseProjection;

/** The region's case history of a period: the keys-only byRegion index, then projected batch reads, 100 at a time. */
export class DynamoCaseHistory implements CaseHistory {
  private get table(): string {
    return config().tableName(caseTable);
  }

  async forFigures(region: string, from: Date, to: Date): Promise<FiguresCase[]> {
    return (await this.read(region, from, to, figuresProjection)).map((i) => figuresCaseSchema.parse(figuresItem(i)));
  }

  async forReview(region: string, from: Date, to: Date): Promise<ReviewCase[]> {
    return (await this.read(region, from, to, reviewProjection)).map((i) => reviewCaseSchema.parse(figuresItem(i)));
  }

  async forReplay(region: string, from: Date, to: Date): Promise<ReplayCase[]> {
    return (await this.read(region, from, to, replayProjection)).flatMap((i) => {
      const parsed = replayCaseSchema.safeParse(i);
      return parsed.success ? [parsed.data] : [];
    });
  }

  private async read(region: string, from: Date, to: Date, projection: Projection): Promise<Array<Record<string, unknown>>> {
    const ids = (await queryAll(createdBetween(this.table, region, from, to))).map((i) => String(i.caseId));
    return batchGetCases(this.table, ids, projection, 'cijfers');
  }
}
