import { CaseClosedError, CaseNotFoundError, ConflictError } from '../domain/errors';
import { systemClock, type Clock, type DecisionCorrectionInput, type DecisionCorrections } from '../domain/ports';
import { caseCommands, caseTable } from '../entities/case';
import { facilityCommands, facilityTable } from '../entities/facility';
import { config } from '../config';
import { auditPut } from './dynamo-audit-log';
import { transactWrite } from './dynamo-errors';

/**
 * A correction of the decision in DynamoDB: the case, the held bed's ward (back to the pool)
 * and the access-log entry in one transaction, built by the entities' pure commands.
 */
export class DynamoDecisionCorrections implements DecisionCorrections {
  constructor(private readonly clock: Clock = systemClock) {}

  async correct(input: DecisionCorrectionInput): Promise<void> {
    const outcome = await transactWrite({
      case: { Update: caseCommands.correctDecision(config().tableName(caseTable), input) },
      ...(input.hold ? { ward: { Update: facilityCommands.endHold(config().tableName(facilityTable), input.hold.facilityId, input.hold.ward, true) } } : {}),
      audit: { Put: await auditPut(this.clock, input.audit) },
    });
    if (outcome.ok) return;
    const c = outcome.items.case;
    if (c?.code === 'ConditionalCheckFailed') {
      if (!c.item) throw new CaseNotFoundError(input.caseId);
      // Someone (the workflow, a person) moved the case on since it was read: the caller reads again.
      throw new CaseClosedError(`casus ${input.caseId} is intussen veranderd`);
    }
    // The ward held no bed although the case said so: the counts are off; nothing was changed.
    throw new ConflictError('de afdeling heeft geen vastgehouden bed voor deze casus');
  }
}
