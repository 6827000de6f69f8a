import { timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * CloudFront is the only way in: it adds `x-origin-verify: <secret>` to every API request,
 * and a request straight to the execute-api endpoint lacks it. The secret is read once per
 * container (and again after 5 minutes, so a rotation takes effect); the previous version
 * is accepted too, so a rotation does not lock CloudFront out before it is redeployed.
 * Locally (no ORIGIN_VERIFY_SECRET_ARN) there is no CloudFront and no check.
 */
let cached: { at: number; values: Promise<string[]> } | undefined;

function secrets(arn: string): Promise<string[]> {
  if (!cached || Date.now() - cached.at > 5 * 60_000) {
    const client = new SecretsManagerClient({ region: process.env.AWS_REGION });
    const read = (stage: string) =>
      client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage })).then(
        (out) => out.SecretString,
        () => undefined,
      );
    const values = Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]).then((vs) => vs.filter((v): v is string => !!v));
    cached = { at: Date.now(), values };
    values.catch(() => (cached = undefined));
  }
  return cached.values;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** True when the request came through CloudFront (or there is no CloudFront: locally). */
export async function cameThroughCloudFront(header: string | undefined): Promise<boolean> {
  const arn = process.env.ORIGIN_VERIFY_SECRET_ARN;
  if (!arn) return true;
  if (!header) return false;
  return (await secrets(arn)).some((secret) => same(secret, header));
}
