import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startLocalStack } from './local-stack';
import type { JobOverrides } from './scheduler';

/** `npm start [-- --port 3000] [--data DIR] [--hold-timeout S] [--district-timeout S] [--stuck-after S] [--sweep-interval S] [--stay-day-seconds S]`: the whole system on this machine. */
// Lambda runs Node 22; on a Node 20 workstation the SDK's upgrade notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Gebruik: npm start [-- opties]

  --port N           poort voor web en API (standaard 3000, of $PORT)
  --data MAP         gegevens bewaren in MAP tussen runs (anders in geheugen)
  --hold-timeout S   een onbevestigd bed komt na S seconden vrij, elke urgentie
                     (standaard U2 3600, U3 7200, U4/U5 14400)
  --district-timeout S
                     het wijkteam (en FACT-VVT) heeft S seconden om een thuisbesluit te
                     bevestigen, elke urgentie; daarna de achterwacht, dan de coördinator
                     (standaard U2 1800, U3 7200, U4/U5 28800)
  --stuck-after S    een casus die S seconden niet beweegt en waarvan de workflow niet meer
                     loopt, start opnieuw of gaat naar de coördinator (standaard 300)
  --sweep-interval S de veegrondes (bedreserveringen, vastgelopen casussen, verblijfsklokken)
                     elke S seconden (standaard 300; verblijfsklokken 900); ze draaien ook
                     direct bij het starten
  --stay-day-seconds S
                     een "dag" van de maximale verblijfsduur duurt S seconden (standaard
                     86400), om verblijfsklokken te laten aflopen: met 10 duurt een REO-
                     verblijf van 9 dagen 90 seconden
  --help             deze uitleg`;

let values: { port?: string; data?: string; 'hold-timeout'?: string; 'district-timeout'?: string; 'stuck-after'?: string; 'sweep-interval'?: string; 'stay-day-seconds'?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      data: { type: 'string' },
      'hold-timeout': { type: 'string' },
      'district-timeout': { type: 'string' },
      'stuck-after': { type: 'string' },
      'sweep-interval': { type: 'string' },
      'stay-day-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`Ongeldige aanroep: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port moet een poortnummer zijn, niet "${values.port}"`);
  process.exit(2);
}
const holdTimeoutSeconds = values['hold-timeout'] ? Number(values['hold-timeout']) : undefined;
if (holdTimeoutSeconds !== undefined && !(Number.isInteger(holdTimeoutSeconds) && holdTimeoutSeconds > 0)) {
  console.error(`--hold-timeout moet een aantal seconden zijn, niet "${values['hold-timeout']}"`);
  process.exit(2);
}
/** A whole number of seconds from an option, or exit 2 saying what is wrong. */
function seconds(option: 'stuck-after' | 'sweep-interval' | 'stay-day-seconds' | 'district-timeout', min: number): number | undefined {
  const raw = values[option];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(Number.isInteger(n) && n >= min)) {
    console.error(`--${option} moet een aantal seconden zijn${min > 0 ? '' : ' (0 of meer)'}, niet "${raw}"`);
    process.exit(2);
  }
  return n;
}
const stuckAfterSeconds = seconds('stuck-after', 0);
const districtTimeoutSeconds = seconds('district-timeout', 1);
const sweepIntervalSeconds = seconds('sweep-interval', 1);
const stayDaySeconds = seconds('stay-day-seconds', 1);
const jobs: JobOverrides = {
  ...(sweepIntervalSeconds ? { SweepOverdueHolds: { everySeconds: sweepIntervalSeconds }, SweepStayClocks: { everySeconds: sweepIntervalSeconds } } : {}),
  ...(sweepIntervalSeconds || stuckAfterSeconds !== undefined
    ? {
        SweepStuckCases: {
          ...(sweepIntervalSeconds ? { everySeconds: sweepIntervalSeconds } : {}),
          ...(stuckAfterSeconds !== undefined ? { input: { stuckAfterSeconds } } : {}),
        },
      }
    : {}),
};
const dataDir = values.data ? resolve(values.data) : undefined;
if (dataDir) mkdirSync(dataDir, { recursive: true });

const started = Date.now();
try {
  const stack = await startLocalStack({
    port,
    ...(dataDir ? { dataDir } : {}),
    ...(holdTimeoutSeconds ? { holdTimeoutSeconds } : {}),
    ...(districtTimeoutSeconds ? { districtTimeoutSeconds } : {}),
    ...(stayDaySeconds ? { stayDaySeconds } : {}),
    jobs,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`
Verkeerstoren acute ouderenzorg draait lokaal (klaar in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Web:          ${stack.url}
  API:          POST ${stack.url}/referrals, GET ${stack.url}/cases/{caseId}
  Casussen:     ${stack.url}/casussen
  Beddenbord:   ${stack.url}/bedden
  Sms-outbox:   ${stack.url}/local/outbox  (telefoons: ${stack.url}/telefoons)
  DynamoDB:     ${stack.dynamoEndpoint} ${dataDir ? `(gegevens in ${dataDir})` : '(in geheugen)'}

Stoppen: Ctrl-C
`);
  let stopping = false;
  // Ctrl-C reaches the whole process group, DynamoDB Local too, so work in flight fails
  // while we stop. Such a failure must not end this process before DynamoDB Local has
  // exited: a crash here would leave the JVM behind, still holding the data directory.
  const whileStopping = (error: unknown) => console.error(`  (tijdens het stoppen) ${error instanceof Error ? error.message : String(error)}`);
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.on('unhandledRejection', whileStopping);
    process.on('uncaughtException', whileStopping);
    console.log(`\n${signal}: stoppen…`);
    let code = 0;
    try {
      await stack.stop();
      console.log('Gestopt.');
    } catch (error) {
      console.error(`Stoppen mislukt: ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(`Starten mislukt: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
