import { apiRoutes, type HandlerSpec } from '../functions/manifest';
import type { LocalHandler } from './workflow-engine';

/** Loads the very handler modules Lambda runs, keyed as the manifest names them. */
async function load(file: string): Promise<LocalHandler> {
  const mod = (await import(`../functions/handlers/${file}.ts`)) as { handler?: LocalHandler };
  if (typeof mod.handler !== 'function') throw new Error(`functions/handlers/${file}.ts exports no handler`);
  return mod.handler;
}

export async function loadTaskHandlers(tasks: Record<string, HandlerSpec>): Promise<Record<string, LocalHandler>> {
  const entries = await Promise.all(Object.entries(tasks).map(async ([name, spec]) => [name, await load(spec.file)] as const));
  return Object.fromEntries(entries);
}

export async function loadApiHandlers(): Promise<Array<{ method: string; path: string; pattern: RegExp; params: string[]; handler: LocalHandler }>> {
  return Promise.all(
    apiRoutes.map(async (route) => {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
      return { method: route.method, path: route.path, pattern, params, handler: await load(route.file) };
    }),
  );
}
