// @ts-check
// Verkeerstoren web UI: referral form generated from the triage tree's questions, a case page
// that follows the workflow, the coordinator's overview, the bed board and a phone view of the
// SMS outbox. The router (lib/router.js) loads each page's module from pages/ as pages.json says.
import { startRouter } from './lib/router.js';

startRouter();
