import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { startAdmissionClock } from '../use-cases/start-admission-clock';

/** Workflow task StartAdmissionClock: after the SO gate, the held bed's admission time starts. */
export const handler = taskHandler(async function StartAdmissionClock(input: { caseId: string; holdTimeoutSeconds: number; answer: string }) {
  return startAdmissionClock(deps(), input);
});
