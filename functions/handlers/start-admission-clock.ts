import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { startAdmissionClock } from '../use-cases/start-admission-clock';

/** Workflow task StartAdmissionClock: after the SO gate, the held bed's admission time starts. */
export const handler = taskHandler(async function StartAdmissionClock(input: Parameters<typeof startAdmissionClock>[1]) {
  return startAdmissionClock(deps(), input);
});
