import { currentTree } from '../domain/triage/trees';
import { httpHandler } from '../lib/http';
import { uiLabels } from '../domain/labels';

/**
 * GET /triage-tree → the current tree's version, questions and rules: what the web form asks;
 * and the Dutch labels of destinations, statuses and the like, which the web UI shows.
 */
export const handler = httpHandler(async () => ({
  statusCode: 200,
  body: {
    region: currentTree.region,
    version: currentTree.version,
    title: currentTree.title,
    questions: currentTree.questions,
    rules: [...currentTree.rules, currentTree.fallback].map((r) => ({ id: r.id, destination: r.destination, reason: r.reason })),
    labels: uiLabels,
  },
}));
