/**
 * Prints the synthesized state machine definitions as JSON: run as a child process by the
 * local runtime, so the CDK library is loaded, used and released in one short-lived process.
 * Argument: CDK context as JSON (e.g. {"holdTimeoutSeconds":60}).
 */
import { synthesizedWorkflows } from './synthesized-definition';

process.stdout.write(JSON.stringify(synthesizedWorkflows(JSON.parse(process.argv[2] ?? '{}'))));
