import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listenLocal } from './local-server';

/**
 * A local stand-in for the Bot Framework's token issuer: the OpenID metadata and signing keys the
 * bot fetches to validate inbound tokens, and tokens signed with those keys — so tests run with
 * authentication ON, through CloudAdapter's real JWT validation.
 */
export class TokenIssuer {
  private server?: Server;
  private readonly kid = `test-${randomUUID().slice(0, 8)}`;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openid') {
        res.end(
          JSON.stringify({
            issuer: 'https://api.botframework.com',
            jwks_uri: `${this.url}/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
      } else if (req.url === '/keys') {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        res.end(
          JSON.stringify({ keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await listenLocal(this.server);
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/openid`;
  }

  /** A channel token for `appId`, as the Bot Connector sends with an activity from `serviceUrl`. */
  token(appId: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = enc({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const body = enc({
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
    });
    const signature = createSign('RSA-SHA256')
      .update(`${head}.${body}`)
      .sign(this.keys.privateKey)
      .toString('base64url');
    return `${head}.${body}.${signature}`;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }
}
