import './polyfills';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { resetDocumentClient } from '../functions/adapters/dynamo';
import { config, resetConfig } from '../functions/config';
import { tableEnvVar } from '../functions/data/tables';
import type { Principal } from '../functions/domain/principal';
import { createTables, startDynamoLocal, type RunningDynamo } from './dynamodb-local';
import { loadApiHandlers, loadTaskHandlers } from './handlers';
import { seedSampleRegion } from './seed';
import { localRequestListener, startingListener } from './server';
import { synthesizeWorkflowsInChild } from './synthesized-definition';
import { consultationTasks, scheduledJobs, workflowTasks } from '../functions/manifest';
import { startSchedule, type JobName, type JobOverrides } from './scheduler';
import { LocalWorkflowEngine, type LocalHandler } from './workflow-engine';
import { LocalIdentity, localAudience } from './identity';
import { patientKeySecret } from './patient-key';
import { sampleUsers } from './users';

export interface LocalStackOptions {
  port?: number;
  /** Persist DynamoDB Local's data here; in memory when unset. */
  dataDir?: string;
  /** Prefix for table names, so test runs on one DynamoDB Local stay apart. */
  tablePrefix?: string;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamoEndpoint?: string;
  seed?: boolean;
  /** Hold timeout in seconds for every urgency, passed to the synthesis as CDK context (default by urgency: U2 3600, U3 7200, U4/U5 14400). */
  holdTimeoutSeconds?: number;
  /** Hold timeouts by urgency, in seconds (CDK context holdTimeouts). */
  holdTimeouts?: { U2: number; U3: number; U4: number };
  /** `sns` publishes through the SNS client (tests mock it); `outbox` (default) only records. */
  smsMode?: 'outbox' | 'sns';
  /** Tests only: task states (by name) whose handler fails with this error, to inject faults. */
  faults?: Record<string, Error>;
  /** Consultation answer times by urgency, in seconds, passed to the synthesis as CDK context. */
  consultationTimeouts?: { U2: number; U3: number; U4: number };
  /** How long each contact of the district (or FACT-VVT) team has to confirm a home decision, in seconds: one for every urgency, or by urgency. */
  districtTimeoutSeconds?: number;
  districtTimeouts?: { U2: number; U3: number; U4: number };
  /** Scheduled jobs (e.g. the sweep of overdue holds): a shorter interval or other input. */
  jobs?: JobOverrides;
  /** How long a "day" of the stay clocks lasts, in seconds (STAY_DAY_SECONDS; default 86400). */
  stayDaySeconds?: number;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  /** The referral workflow. */
  engine: LocalWorkflowEngine;
  /** The SO consultation workflow. */
  consultationEngine: LocalWorkflowEngine;
  dynamoEndpoint: string;
  tablePrefix: string;
  definition: StateMachineDefinition;
  /** The development sign-in; tests sign in seeded users over HTTP, or any principal here. */
  identity: LocalIdentity;
  users: Principal[];
  stop(): Promise<void>;
}

/**
 * The whole system on one machine, on real parts: DynamoDB Local, the state machine
 * definition from the synthesized CDK template run by a local ASL interpreter, the same
 * handlers Lambda runs, an HTTP server for the API and the web UI, and the SMS outbox.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  let dynamo: RunningDynamo | undefined;
  let listener: RequestListener = startingListener;
  const server = createServer((req, res) => listener(req, res));
  try {
    // The port first: a busy port fails at once, and the page answers 503 while starting.
    await listen(server, options.port ?? 3000);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://localhost:${port}`;

    let endpoint = options.dynamoEndpoint;
    if (!endpoint) {
      log('DynamoDB Local starten…');
      dynamo = await startDynamoLocal(options.dataDir ? { dataDir: options.dataDir } : {});
      endpoint = dynamo.endpoint;
    }
    const names = await createTables(endpoint, options.tablePrefix ?? 'verkeerstoren-');
    const identity = await LocalIdentity.create(url);
    const users = sampleUsers();

    log('Workflow uit de CDK-synthese halen…');
    const machines = await synthesizeWorkflowsInChild({
      ...(options.holdTimeoutSeconds ? { holdTimeoutSeconds: options.holdTimeoutSeconds } : {}),
      ...(options.holdTimeouts ? { holdTimeouts: options.holdTimeouts } : {}),
      ...(options.consultationTimeouts ? { consultationTimeouts: options.consultationTimeouts } : {}),
      ...(options.districtTimeoutSeconds ? { districtTimeoutSeconds: options.districtTimeoutSeconds } : {}),
      ...(options.districtTimeouts ? { districtTimeouts: options.districtTimeouts } : {}),
    });
    const arns = {
      referral: 'arn:aws:states:eu-central-1:000000000000:stateMachine:ReferralWorkflow',
      consultation: 'arn:aws:states:eu-central-1:000000000000:stateMachine:ConsultationWorkflow',
    };


    // The handlers read their configuration from the environment, exactly as in Lambda.
    for (const [id, name] of Object.entries(names)) process.env[tableEnvVar(id as keyof typeof names)] = name;
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: endpoint,
      SFN_ENDPOINT: url,
      STATE_MACHINE_ARN: arns.referral,
      CONSULTATION_STATE_MACHINE_ARN: arns.consultation,
      SMS_MODE: options.smsMode ?? 'outbox',
      PUBLIC_BASE_URL: url,
      AWS_REGION: 'eu-central-1',
      // The development sign-in: tokens signed with a key made now, checked as in AWS.
      AUTH_ISSUER: identity.issuer,
      AUTH_AUDIENCE: localAudience,
      PATIENT_KEY_SECRET: await patientKeySecret(options.dataDir),
      STAY_DAY_SECONDS: String(options.stayDaySeconds ?? 86_400),
    });
    resetConfig();
    resetDocumentClient();
    config();

    if (options.seed !== false) {
      const { seeded } = await seedSampleRegion();
      log(seeded ? 'Voorbeeldregio Rotterdam geladen.' : 'Bestaande gegevens gebruikt.');
    }

    const definition = machines.referral.definition as unknown as StateMachineDefinition;
    const taskHandlers = await loadTaskHandlers(workflowTasks);
    const consultationHandlers = await loadTaskHandlers(consultationTasks);
    for (const [state, fault] of Object.entries(options.faults ?? {})) {
      const handlers = state in taskHandlers ? taskHandlers : state in consultationHandlers ? consultationHandlers : undefined;
      if (!handlers) throw new Error(`fault for unknown task state ${state}`);
      handlers[state] = async () => {
        throw fault;
      };
    }
    const engine = new LocalWorkflowEngine(definition, taskHandlers, arns.referral);
    const consultationEngine = new LocalWorkflowEngine(
      machines.consultation.definition as unknown as StateMachineDefinition,
      consultationHandlers,
      arns.consultation,
    );
    const routes = await loadApiHandlers();
    const engines = new Map([engine, consultationEngine].map((e) => [e.stateMachineArn, e]));
    listener = localRequestListener({ engines, routes, identity, users });

    // The same jobs EventBridge runs in AWS. Their first run catches up at once on what
    // kept data (--data) brings along, e.g. beds held by workflows from before a restart.
    const schedule = startSchedule((await loadTaskHandlers(scheduledJobs)) as Record<JobName, LocalHandler>, options.jobs, log);

    return {
      url,
      engine,
      consultationEngine,
      dynamoEndpoint: endpoint,
      tablePrefix: options.tablePrefix ?? 'verkeerstoren-',
      definition,
      identity,
      users,
      stop: async () => {
        // DynamoDB Local goes last and always, whatever went wrong before it.
        try {
          await schedule.stop();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
        } finally {
          await dynamo?.stop();
        }
      },
    };
  } catch (error) {
    server.close();
    await dynamo?.stop();
    throw error;
  }
}

/** Binds the port first (503 until ready), so a busy port fails fast and clearly. */
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`poort ${port} is bezet; kies een andere met --port`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
