import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { AzureBlobStore } from '../../src/store/blob-store';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/store/embedded-azurite';
import { StandInCredential, storageToken } from '../support/entra-token';
import { selfSignedCert, type SelfSignedCert } from '../support/tls';

/**
 * The managed-identity path of the blob store against a real Azurite that serves HTTPS and checks
 * bearer tokens (`--oauth basic`) and user delegation SAS signatures. The identity platform is the
 * one thing stood in for: tokens are shaped like Entra's (Azurite does not check their signature).
 */
const IDENTITY = { oid: randomUUID(), tid: randomUUID() };
const MINUTE = 60_000;

let cert: SelfSignedCert;
let azurite: EmbeddedAzurite;
let trusted: string[];

beforeAll(async () => {
  cert = selfSignedCert();
  // This worker's TLS clients (the Storage SDK, fetch) trust the throwaway certificate too.
  trusted = getCACertificates('default');
  setDefaultCACertificates([...trusted, cert.pem]);
  azurite = await startEmbeddedAzurite({ https: cert });
});

afterAll(async () => {
  await azurite?.stop();
  setDefaultCACertificates(trusted);
  cert?.remove();
});

function container(): string {
  return `identity-${randomUUID().slice(0, 8)}`;
}

async function openStore(credential = new StandInCredential(IDENTITY), delegationKeyLifetimeMs?: number) {
  const store = await AzureBlobStore.open({
    accountUrl: azurite.endpoint,
    credential,
    container: container(),
    maxTries: 1,
    ...(delegationKeyLifetimeMs ? { delegationKeyLifetimeMs } : {}),
  });
  return { store, credential };
}

function params(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe('blob store with a Microsoft Entra credential (AZURE_STORAGE_ACCOUNT_URL)', () => {
  it('when opened with a token credential then the container is created and a file goes in and out with bearer tokens', async () => {
    const { store, credential } = await openStore();
    const content = Buffer.from('%PDF-1.7 invoice RG-2026-0917');
    await store.put('tenant/claim/invoice', Readable.from([content]));
    expect((await store.read('tenant/claim/invoice')).equals(content)).toBe(true);
    expect(await store.list('tenant/')).toEqual(['tenant/claim/invoice']);
    expect(credential.requests).toBeGreaterThan(0);
  });

  it('when a download link is signed then it is a user delegation SAS of the identity that the store accepts, and a forged one is refused', async () => {
    const { store } = await openStore();
    const content = Buffer.from('proof of execution');
    await store.put('t/c/poe', Readable.from([content]));
    const { url, expiresAt } = await store.readUrl('t/c/poe', {
      fileName: 'Anzeige März.pdf',
      contentType: 'application/pdf',
      validForMs: 15 * MINUTE,
    });
    const p = params(url);
    // A user delegation SAS names the key's identity (skoid/sktid); an account-key SAS has neither.
    expect(p.get('skoid')).toBe(IDENTITY.oid);
    expect(p.get('sktid')).toBe(IDENTITY.tid);
    expect(p.get('sp')).toBe('r');
    expect(new Date(p.get('se')!).getTime()).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''Anzeige%20M%C3%A4rz.pdf`);

    const forged = new URL(url);
    const sig = forged.searchParams.get('sig')!;
    forged.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    expect((await fetch(forged)).status).toBe(403);
  });

  it('when more links are signed then one delegation key serves them until a link would outlive it, and then a new key covers that link', async () => {
    const { store } = await openStore(undefined, 60 * MINUTE);
    await store.put('t/c/doc', Readable.from([Buffer.from('x')]));
    const link = (validForMs: number) =>
      store.readUrl('t/c/doc', { fileName: 'doc.txt', contentType: 'text/plain', validForMs });
    const [a, b] = await Promise.all([link(15 * MINUTE), link(15 * MINUTE)]);
    // A key's times have whole seconds: a key fetched again after this pause would differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const c = await link(15 * MINUTE);
    const keyOf = (url: string) => `${params(url).get('skt')}..${params(url).get('ske')}`;
    expect(keyOf(b.url)).toBe(keyOf(a.url));
    expect(keyOf(c.url)).toBe(keyOf(a.url));

    const long = await link(3 * 60 * MINUTE);
    const newKeyExpiry = new Date(params(long.url).get('ske')!).getTime();
    expect(newKeyExpiry).toBeGreaterThan(new Date(params(a.url).get('ske')!).getTime());
    expect(newKeyExpiry).toBeGreaterThanOrEqual(long.expiresAt.getTime());
    expect((await fetch(long.url)).status).toBe(200);
    expect((await fetch(a.url)).status).toBe(200);
  });

  it('when the credential hands out an expired token then opening the store fails instead of starting without documents', async () => {
    const expired = { getToken: async () => storageToken(IDENTITY, -600) };
    const open = AzureBlobStore.open({
      accountUrl: azurite.endpoint,
      credential: expired,
      container: container(),
      maxTries: 1,
    });
    await expect(open).rejects.toMatchObject({ statusCode: expect.any(Number) });
    await expect(open).rejects.not.toMatchObject({ statusCode: 201 });
  });
});
