/**
 * Helpers for the evidence pack tests: press the button, find the link in the presser's 1:1 chat,
 * download it, and read the ZIP the way a person's unzip tool would.
 */
import AdmZip from 'adm-zip';
import { BOB, type UserSpec, type Where } from './activities';
import { cardText, type InvokeResult } from './app';
import { cardOf } from './connector';
import { FILES } from './files';
import type { ClaimRef, Organisation } from './scene';

/**
 * Activities sent into the person's 1:1 chat since `mark`: the chat the bot opened for them (at any
 * time: once opened it is remembered and reused) or the one they spoke to the bot in.
 */
export function personalTo(org: Organisation, who: UserSpec, mark: number) {
  const calls = org.bot.connector.calls;
  const opened = calls.filter(
    (c) =>
      c.path === '/v3/conversations' &&
      (c.body.members as Array<{ id: string }>)[0]?.id === who.id &&
      c.body.tenantId === org.tenantId,
  );
  const ids = new Set([...opened.map((c) => c.conversationId), org.personal(who).conversationId]);
  return calls.slice(mark).filter((c) => ids.has(c.conversationId) && c.path.includes('/activities'));
}

export interface PackLink {
  /** What the pressed card answered (the claim or review card, with a banner). */
  readonly answer: InvokeResult;
  /** Link cards that arrived in the presser's 1:1 chat. */
  readonly cards: unknown[];
  /** The link, pointed at the test server (undefined when none arrived). */
  readonly url?: string;
}

/** Presses Evidence pack as `from` on the card in `where` and picks the link out of their 1:1 chat. */
export async function pressEvidencePack(
  org: Organisation,
  claimId: string,
  from: UserSpec = BOB,
  where: Where = org.partner,
  side: 'claim' | 'review' = 'claim',
): Promise<PackLink> {
  const mark = org.mark();
  const answer = await org.press('claim.evidencePack', { claimId, side }, from, where);
  const cards = personalTo(org, from, mark)
    .map((c) => cardOf(c))
    .filter(Boolean);
  const url = (cards[0]?.actions as Array<{ url?: string }> | undefined)?.[0]?.url;
  return {
    answer,
    cards,
    ...(url ? { url: url.replace(/^https?:\/\/[^/]+/, org.bot.app.url) } : {}),
  };
}

export async function download(url: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

/** Every entry of a ZIP, by name (AdmZip reads the central directory, as unzip tools do). */
export function unzip(body: Buffer): Map<string, Buffer> {
  const zip = new AdmZip(body);
  return new Map(zip.getEntries().map((e) => [e.entryName, e.getData()]));
}

/** A small PDF whose bytes (and so sha256) are its own. */
export function pdfSaying(text: string): Buffer {
  return Buffer.concat([FILES.pdf(), Buffer.from(`% ${text}\n`)]);
}

/** A claim with an invoice and the activity's proof (own files), metrics filled in, submitted. */
export async function aPackableClaim(
  org: Organisation,
  files = { invoice: pdfSaying('Riverside Gazette invoice'), proof: FILES.png() },
): Promise<ClaimRef & { files: typeof files }> {
  const claim = await org.newClaim({ amount: '1200.50' });
  await org.upload(
    claim.claimId,
    'invoice',
    {
      vendor: 'Riverside Gazette',
      invoiceNumber: 'RG-2026-0917',
      invoiceDate: '2026-09-20',
      amount: '1200.50',
      currency: 'USD',
      note: 'Quarter-page ad, 14 September issue',
    },
    BOB,
    'gazette invoice.pdf',
    files.invoice,
  );
  await org.upload(
    claim.claimId,
    'poe',
    { poeKey: 'final-ad', executionDate: '2026-09-14', amount: '0', reach: '25000' },
    BOB,
    'ad-as-printed.png',
    files.proof,
  );
  await org.fillMetrics(claim.claimId, 'print-advertising');
  const submitted = await org.submit(claim);
  if (!cardText(submitted.body.value).includes('Submitted for review'))
    throw new Error(`not submitted: ${cardText(submitted.body.value).slice(0, 400)}`);
  return { ...submitted.ref, files };
}
