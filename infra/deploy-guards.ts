/**
 * What synth refuses before any stack is built: data outside the EU, and a production
 * deploy with the placeholders of cdk.json.
 */

/**
 * AWS regions in EU member states. London (eu-west-2) and Zurich (eu-central-2) start with
 * `eu-` but lie outside the EU, so they are not here.
 */
export const euRegions = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1'] as const;

/** Where the stacks that hold data go unless told (-c awsRegion=…). */
export const defaultAwsRegion = 'eu-central-1';

/** Throws unless the region is in the EU: the stacks holding patient data stay there (AVG). */
export function assertEuRegion(awsRegion: string): void {
  if (!(euRegions as readonly string[]).includes(awsRegion)) {
    throw new Error(
      `awsRegion ${awsRegion} is not an AWS region in the EU: the stacks holding patient data must stay in the EU (AVG). ` +
        `Choose one of ${euRegions.join(', ')} (cdk.json or -c awsRegion=…).`,
    );
  }
}

/** Numbers in cdk.json that only stand in for the region's own. */
export const placeholderPhones: readonly string[] = ['+31102000000'];

/** Hosts that stand for no real service: example.*, *.example, *.test, *.invalid, localhost, loopback. */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return (
    /(^|\.)example\./.test(h) ||
    /(^|\.)(example|test|invalid|localhost)$/.test(h) ||
    /^127\./.test(h) ||
    h === '[::1]' ||
    h === '0.0.0.0'
  );
}

export interface ProductionSettings {
  publicBaseUrl: string;
  webOrigin: string;
  callbackPhone: string;
  alertEmail?: string | undefined;
}

/**
 * For `-c stage=production`: every setting a patient's text, a link or an alarm depends on
 * must be the region's real one. Throws, naming each context key that is not.
 */
export function refusePlaceholders(settings: ProductionSettings): void {
  const problems: string[] = [];
  for (const key of ['publicBaseUrl', 'webOrigin'] as const) {
    const value = settings[key];
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      problems.push(`${key} is not a URL (${value})`);
      continue;
    }
    if (isPlaceholderHost(url.hostname)) problems.push(`${key} is a placeholder host (${value})`);
    else if (url.protocol !== 'https:') problems.push(`${key} must use https (${value})`);
  }
  if (placeholderPhones.includes(settings.callbackPhone.replace(/[\s-]/g, ''))) problems.push(`callbackPhone is the placeholder number (${settings.callbackPhone})`);
  const mailHost = settings.alertEmail?.split('@')[1];
  if (mailHost !== undefined && isPlaceholderHost(mailHost)) problems.push(`alertEmail is a placeholder address (${settings.alertEmail})`);
  if (problems.length) {
    throw new Error(`production deploy refused: ${problems.join('; ')}. Set the region's real values in cdk.json or with -c <key>=….`);
  }
}
