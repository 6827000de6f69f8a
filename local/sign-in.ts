import type { ServerResponse } from 'node:http';
import { roleLabels } from '../functions/domain/labels';
import type { Principal } from '../functions/domain/principal';
import type { LocalIdentity } from './identity';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * The local stack's sign-in routes (npm start only, on loopback; no AWS stack has them):
 * - GET  /auth-config.json → { mode: 'local' } (in AWS the web stack deploys the Cognito settings there)
 * - GET  /local/users → the seeded people to pick from
 * - POST /local/sign-in { username } → { token, expiresAt }: a signed ID token for that person
 * - GET  /local/.well-known/jwks.json → the public key the handlers verify tokens with
 * Answers false for any other path.
 */
export async function handleLocalSignIn(
  method: string,
  pathname: string,
  body: string,
  res: ServerResponse,
  { identity, users }: { identity: LocalIdentity; users: Principal[] },
): Promise<boolean> {
  if (method === 'GET' && pathname === '/auth-config.json') return json(res, 200, { mode: 'local' }), true;
  if (method === 'GET' && pathname === '/local/.well-known/jwks.json') return json(res, 200, identity.jwks()), true;
  if (method === 'GET' && pathname === '/local/users') {
    json(
      res,
      200,
      users.map((u) => ({
        username: u.username,
        role: u.role,
        roleLabel: roleLabels[u.role] ?? u.role,
        name: u.name,
        region: u.region,
        ...(u.facilityId ? { facilityId: u.facilityId } : {}),
        ...(u.district ? { district: u.district } : {}),
      })),
    );
    return true;
  }
  if (method === 'POST' && pathname === '/local/sign-in') {
    let username: unknown;
    try {
      username = (JSON.parse(body || '{}') as { username?: unknown }).username;
    } catch {
      return json(res, 400, { errors: [{ path: '(body)', message: 'body is geen geldige JSON' }] }), true;
    }
    const user = users.find((u) => u.username === username);
    if (typeof username !== 'string' || !username) return json(res, 400, { errors: [{ path: 'username', message: 'kies een gebruiker' }] }), true;
    if (!user) return json(res, 404, { message: `onbekende gebruiker ${username}; zie GET /local/users` }), true;
    json(res, 200, await identity.sign(user));
    return true;
  }
  return false;
}
