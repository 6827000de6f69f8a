import * as z from 'zod';
import { tableEnvVar, tables, type TableId } from './data/tables';

/**
 * All environment reads live here, parsed once at cold start. Lambda gets these from
 * the CDK constructs; the local runtime sets them before loading the handlers.
 */
const tableNames = Object.fromEntries(tables.map((t) => [tableEnvVar(t.id), z.string().min(1).optional()]));

const envSchema = z.object({
  ...tableNames,
  REGION_NAME: z.string().default('rotterdam'),
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set locally to the local Step Functions endpoint; unset in AWS. */
  SFN_ENDPOINT: z.url().optional(),
  STATE_MACHINE_ARN: z.string().optional(),
  CONSULTATION_STATE_MACHINE_ARN: z.string().optional(),
  /** `sns` publishes to phones; `outbox` only records (local stack, demos). */
  SMS_MODE: z.enum(['sns', 'outbox']).default('sns'),
  /** Base URL for links in SMS texts. */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** Number in every SMS that recipients call back: the coordination centre's desk. */
  CALLBACK_PHONE: z.string().regex(/^\+\d{8,15}$/).default('+31102000000'),
  AWS_REGION: z.string().default('eu-central-1'),
  /** Who issues the sign-in tokens: the Cognito user pool in AWS, the local sign-in of npm start. */
  AUTH_ISSUER: z.url().optional(),
  /** The audience the tokens are for: the Cognito app client id, or the local stack's. */
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** Where the issuer's public keys are; `${AUTH_ISSUER}/.well-known/jwks.json` when unset. */
  AUTH_JWKS_URI: z.url().optional(),
  /** The secret key of the pseudonymous patient key (HMAC of the BSN): a Secrets Manager secret in AWS… */
  PATIENT_KEY_SECRET_ARN: z.string().optional(),
  /** …or the key itself, locally. */
  PATIENT_KEY_SECRET: z.string().min(16).optional(),
  /** Hospital bed-days avoided count each case kept from the SEH as this many days (default: the assumption in domain/outcomes.ts). */
  AVERAGE_HOSPITAL_STAY_DAYS: z.coerce.number().positive().optional(),
  /** Days a case is kept whole; then the job AnonymiseOldCases leaves only what the figures read (-c caseRetentionDays, default 400). */
  CASE_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  /** How long a "day" of a stay clock lasts, in seconds (-c stayDaySeconds, npm start -- --stay-day-seconds; default 86400): tests and demos shorten it. */
  STAY_DAY_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** Set by Lambda itself: only there do the jobs' metric lines go to CloudWatch (locally the scheduler logs the outcome). */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export type Config = z.output<typeof envSchema> & { tableName: (id: TableId) => string };

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = parsed.data as z.output<typeof envSchema> & Record<string, string | undefined>;
  cached = {
    ...env,
    tableName: (id) => {
      const name = env[tableEnvVar(id)];
      if (!name) throw new Error(`${tableEnvVar(id)} is not set: this function was not granted the ${id} table`);
      return name;
    },
  };
  return cached;
}

/** For tests and the local runtime, which set the environment after import. */
export function resetConfig(): void {
  cached = undefined;
}
