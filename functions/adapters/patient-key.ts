import { createHmac } from 'node:crypto';
import { config } from '../config';

let secret: Promise<string> | undefined;

/** The HMAC key: the Secrets Manager secret in AWS (read once per cold start), PATIENT_KEY_SECRET locally. */
function patientKeySecret(): Promise<string> {
  const { PATIENT_KEY_SECRET, PATIENT_KEY_SECRET_ARN, AWS_REGION } = config();
  if (PATIENT_KEY_SECRET) return Promise.resolve(PATIENT_KEY_SECRET);
  if (!PATIENT_KEY_SECRET_ARN) return Promise.reject(new Error('PATIENT_KEY_SECRET_ARN is not set: the access log needs the patient key'));
  // Imported at the first use, not with the handler: once per cold start, and only where a BSN comes by.
  secret ??= import('@aws-sdk/client-secrets-manager')
    .then(({ SecretsManagerClient, GetSecretValueCommand }) => new SecretsManagerClient({ region: AWS_REGION }).send(new GetSecretValueCommand({ SecretId: PATIENT_KEY_SECRET_ARN })))
    .then((out) => {
      if (!out.SecretString) throw new Error('the patient key secret is empty');
      return out.SecretString;
    });
  secret.catch(() => (secret = undefined));
  return secret;
}

/**
 * The pseudonymous patient key: HMAC-SHA256 of the BSN with the secret key. The same BSN
 * always gives the same key, so "who looked at my data" works for as long as the log is
 * kept, also after a case is anonymised; the BSN cannot be read back from it.
 */
export async function patientKeyOf(bsn: string | undefined): Promise<string | undefined> {
  if (!bsn) return undefined;
  return createHmac('sha256', await patientKeySecret()).update(bsn).digest('hex');
}

/** For tests and the local runtime, which set the environment after import. */
export function resetPatientKey(): void {
  secret = undefined;
}
