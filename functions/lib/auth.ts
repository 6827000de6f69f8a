import { JwtVerifier } from 'aws-jwt-verify';
import { JwtBaseError } from 'aws-jwt-verify/error';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { UnauthorizedError } from '../domain/errors';
import { roles, type Principal, type Role } from '../domain/principal';
import { config } from '../config';

/**
 * Signed-in people, from a verified ID token: the Cognito user pool in AWS, the local
 * sign-in of `npm start` (same claims, its own key). The same verifier (aws-jwt-verify)
 * checks both: signature against the issuer's key set, `alg`, issuer, audience, expiry.
 * No code path trusts a claim, header or role the caller wrote without that check.
 */

/** The local sign-in's key set is on loopback over http; everything else over https. */
const fetcher: Fetcher = {
  fetch: async (uri, options, data) => {
    const { protocol, hostname } = new URL(uri);
    if (protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1')) {
      const res = await fetch(uri);
      if (!res.ok) throw new Error(`key set ${uri}: ${res.status}`);
      return res.arrayBuffer();
    }
    return new SimpleFetcher().fetch(uri, options, data);
  },
};

type Verifier = { verify(token: string): Promise<Record<string, unknown>> };
let verifier: { issuer: string; audience: string; jwksUri: string; instance: Verifier } | undefined;

function currentVerifier(): Verifier {
  const { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_JWKS_URI } = config();
  if (!issuer || !audience) throw new Error('AUTH_ISSUER and AUTH_AUDIENCE must be set: the API does not run without sign-in');
  const jwksUri = AUTH_JWKS_URI ?? `${issuer}/.well-known/jwks.json`;
  if (verifier?.issuer !== issuer || verifier.audience !== audience || verifier.jwksUri !== jwksUri) {
    const instance = JwtVerifier.create({ issuer, audience, jwksUri }, { jwksCache: new SimpleJwksCache({ fetcher }) }) as unknown as Verifier;
    verifier = { issuer, audience, jwksUri, instance };
  }
  return verifier.instance;
}

const claim = (payload: Record<string, unknown>, key: string): string | undefined => {
  const value = payload[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The principal named by verified claims; a token without a known role or region is no sign-in here. */
export function principalOf(payload: Record<string, unknown>): Principal {
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
  const role = groups.find((g): g is Role => typeof g === 'string' && (roles as readonly string[]).includes(g));
  const username = claim(payload, 'cognito:username') ?? claim(payload, 'sub');
  const region = claim(payload, 'custom:region');
  if (!role || !username || !region) throw new UnauthorizedError('dit account heeft geen rol of regio in de verkeerstoren');
  const facilityId = claim(payload, 'custom:facility');
  const district = claim(payload, 'custom:district');
  const phone = claim(payload, 'phone_number');
  return { username, role, region, name: claim(payload, 'name') ?? username, ...(facilityId ? { facilityId } : {}), ...(district ? { district } : {}), ...(phone ? { phone } : {}) };
}

/** `Authorization: Bearer <token>` → the signed-in person, or UnauthorizedError (401). */
export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const match = /^Bearer ([\w-]+\.[\w-]*\.[\w-]*)$/.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new UnauthorizedError(authorization ? 'ongeldige aanmelding: geen Bearer-token' : 'niet aangemeld: meld u eerst aan');
  try {
    return principalOf(await currentVerifier().verify(match[1]));
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof JwtBaseError) {
      const expired = error.name === 'JwtExpiredError';
      throw new UnauthorizedError(expired ? 'aanmelding verlopen: meld u opnieuw aan' : 'ongeldige aanmelding: meld u opnieuw aan', { cause: error });
    }
    throw error;
  }
}
