import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { awaitTeamAnswer, type TeamQuestionInput } from '../use-cases/await-team-answer';

/** Workflow tasks DistrictTeamAwaitAnswerU2/U3/U4, FactVvtAwaitAnswerU2/U3/U4 (.waitForTaskToken): texts the team's contact a single-use link. */
export const handler = taskHandler(async function AwaitTeamAnswer(input: TeamQuestionInput) {
  return awaitTeamAnswer(deps(), input);
});
