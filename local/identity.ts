import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import type { Principal } from '../functions/domain/principal';

/** The audience of local tokens, as the Cognito app client id is in AWS. */
export const localAudience = 'verkeerstoren-local';

export interface SignedIn {
  token: string;
  expiresAt: string;
}

/**
 * The development sign-in of `npm start`: a key pair made at start, and real signed JWTs
 * (RS256) with the claims a Cognito ID token carries. The handlers check them with the same
 * verifier as in AWS, pointed at this issuer and its key set; nothing here is trusted unsigned.
 */
export class LocalIdentity {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: PrivateKey,
    private readonly publicJwk: JWK,
    private readonly lifetimeSeconds: number,
  ) {}

  static async create(baseUrl: string, lifetimeSeconds = 8 * 3600): Promise<LocalIdentity> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    return new LocalIdentity(`${baseUrl}/local`, privateKey, jwk, lifetimeSeconds);
  }

  /** What `${issuer}/.well-known/jwks.json` serves. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** A token for a person, as Cognito would issue it after their sign-in (tests may name another issuer or audience, to see it refused). */
  async sign(p: Principal, options: { lifetimeSeconds?: number; issuer?: string; audience?: string } = {}): Promise<SignedIn> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.lifetimeSeconds ?? this.lifetimeSeconds);
    const token = await new SignJWT({
      'cognito:username': p.username,
      'cognito:groups': [p.role],
      name: p.name,
      'custom:region': p.region,
      ...(p.facilityId ? { 'custom:facility': p.facilityId } : {}),
      ...(p.district ? { 'custom:district': p.district } : {}),
      ...(p.phone ? { phone_number: p.phone } : {}),
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid as string, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? localAudience)
      .setSubject(p.username)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }
}
