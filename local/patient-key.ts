import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The secret of the pseudonymous patient key (an HMAC of the BSN) for npm start. With
 * --data it is kept beside the data, so a lookup by BSN still finds the entries of an
 * earlier run; in memory, a fresh one per run. In AWS it is a Secrets Manager secret.
 */
export async function patientKeySecret(dataDir: string | undefined): Promise<string> {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'patient-key.secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
