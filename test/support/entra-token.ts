import { createHmac, randomUUID } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export interface TokenClaims {
  readonly oid: string;
  readonly tid: string;
  readonly appid?: string;
}

/**
 * A bearer token shaped like one Microsoft Entra ID issues for Azure Storage (audience, issuer,
 * lifetime, object and tenant ids). Azurite's `--oauth basic` checks exactly those and not the
 * signature, so this stands in for the identity platform, which is not reachable from here.
 */
export function storageToken(claims: TokenClaims, lifetimeS = 3600): AccessToken {
  const now = Math.floor(Date.now() / 1000);
  const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = encode({ typ: 'JWT', alg: 'HS256' });
  const body = encode({
    aud: 'https://storage.azure.com',
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + lifetimeS,
    oid: claims.oid,
    tid: claims.tid,
    appid: claims.appid ?? randomUUID(),
    ver: '1.0',
  });
  const signature = createHmac('sha256', randomUUID()).update(`${header}.${body}`).digest('base64url');
  return { token: `${header}.${body}.${signature}`, expiresOnTimestamp: (now + lifetimeS) * 1000 };
}

/** A TokenCredential that hands out storageToken()s and counts how often it was asked. */
export class StandInCredential implements TokenCredential {
  requests = 0;
  constructor(private readonly claims: TokenClaims) {}
  async getToken(): Promise<AccessToken> {
    this.requests++;
    return storageToken(this.claims);
  }
}
