import { scheduledJobs } from '../functions/manifest';
import { fakeLambdaContext, type LocalHandler } from './workflow-engine';

export type JobName = keyof typeof scheduledJobs;
export type JobOverrides = Partial<Record<JobName, { everySeconds?: number; input?: Record<string, unknown> }>>;

export interface RunningSchedule {
  stop(): Promise<void>;
}

/**
 * The local stand-in for the EventBridge schedules: each job of the manifest runs once
 * at start (so a restart catches up at once) and then every `everyMinutes`, never two
 * runs of a job at the same time. Tests shorten the interval and the input.
 */
export function startSchedule(handlers: Record<JobName, LocalHandler>, overrides: JobOverrides = {}, log: (line: string) => void = () => undefined): RunningSchedule {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  for (const [name, job] of Object.entries(scheduledJobs) as Array<[JobName, (typeof scheduledJobs)[JobName]]>) {
    const everyMs = (overrides[name]?.everySeconds ?? job.everyMinutes * 60) * 1000;
    const input = { ...job.input, ...overrides[name]?.input };
    const run = async () => {
      try {
        const result = (await handlers[name](input, fakeLambdaContext(name))) as { released?: string[]; restarted?: string[]; handedOver?: string[]; anonymised?: string[]; reminded?: string[]; ended?: string[] } | undefined;
        if (result?.released?.length) log(`${name}: ${result.released.length} verlopen bedreservering(en) vrijgegeven`);
        if (result?.restarted?.length) log(`${name}: ${result.restarted.length} vastgelopen casus(sen) opnieuw gestart`);
        if (result?.handedOver?.length) log(`${name}: ${result.handedOver.length} vastgelopen casus(sen) naar de coördinator`);
        if (result?.reminded?.length) log(`${name}: ${result.reminded.length} herinnering(en) einde verblijf verstuurd`);
        if (result?.ended?.length) log(`${name}: ${result.ended.length} casus(sen) over de maximale verblijfsduur`);
        if (result?.anonymised?.length) log(`${name}: ${result.anonymised.length} casus(sen) na de bewaartermijn geanonimiseerd`);
      } catch (error) {
        console.error(`${name} faalde:`, error);
      }
    };
    const tick = () => {
      if (stopped) return;
      const done = run().finally(() => {
        running.delete(done);
        if (stopped) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          tick();
        }, everyMs);
        timer.unref();
        timers.add(timer);
      });
      running.add(done);
    };
    tick();
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
