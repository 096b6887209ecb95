/**
 * Issue 14.4, the evidence pack: a button on the claim card (once submitted) and the review card
 * sends the presser a single-use 15-minute link in their 1:1 chat; the link streams a ZIP of the
 * claim's documents under readable names, its summary and its History with the hash-chain verdict.
 * Real server, real engine, real Azurite; documents arrive through the upload page.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { ANN, BOB } from '../support/activities';
import { cardText, findAction } from '../support/app';
import { cardOf } from '../support/connector';
import { aPackableClaim, download, pdfSaying, personalTo, pressEvidencePack, unzip } from '../support/evidence';
import { CARL, COLE, RITA, anOrganisation, readable, useBot } from '../support/scene';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('evidence pack (issue 14)', () => {
  const bot = useBot();

  it('when a claim is still being edited then neither card offers the evidence pack; once submitted both do, through review and payment', async () => {
    const org = await anOrganisation(bot);
    const draft = await org.readyClaim();
    expect(findAction((await org.current(draft.claimId)).card, 'claim.evidencePack')).toBeUndefined();
    const refused = await org.press('claim.evidencePack', { claimId: draft.claimId });
    expect(readable(refused.body.value)).toMatch(
      /is Editing: its evidence pack is ready once the claim has been submitted/,
    );

    await org.submit(draft);
    expect(findAction((await org.current(draft.claimId)).card, 'claim.evidencePack')).toMatchObject({
      title: 'Evidence pack',
      data: { claimId: draft.claimId },
    });
    expect(findAction((await org.reviewCard(draft.claimId)).card, 'claim.evidencePack')).toMatchObject({
      data: { claimId: draft.claimId, side: 'review' },
    });

    const approved = await org.approvedClaim();
    const paid = await org.current(approved.claimId);
    await org.press(
      'claim.pay',
      { claimId: approved.claimId, version: paid.version, date: '2026-10-01', reference: 'P-1' },
      ANN,
    );
    expect(readable((await org.current(approved.claimId)).card)).toContain('Paid');
    expect(findAction((await org.current(approved.claimId)).card, 'claim.evidencePack')).toBeDefined();
    expect(findAction((await org.reviewCard(approved.claimId)).card, 'claim.evidencePack')).toBeDefined();
  });

  it('when a draft is withdrawn or expires without ever being submitted then it has no evidence pack', async () => {
    const org = await anOrganisation(bot);
    const withdrawn = await org.newClaim();
    await org.press('claim.withdraw', { claimId: withdrawn.claimId, version: withdrawn.version, reason: 'Duplicate' });
    expect(readable((await org.current(withdrawn.claimId)).card)).toContain('Withdrawn');
    expect(findAction((await org.current(withdrawn.claimId)).card, 'claim.evidencePack')).toBeUndefined();

    const expiring = await org.newClaim();
    bot.clock.set('2026-11-15T08:00:00Z');
    await org.say('reminders run', ANN);
    expect(readable((await org.current(expiring.claimId)).card)).toContain('Expired');
    expect(findAction((await org.current(expiring.claimId)).card, 'claim.evidencePack')).toBeUndefined();
  });

  it('when a partner presses Evidence pack then the link arrives in their 1:1 chat only, and the ZIP holds the documents under readable names with their sha256, the summary and the History', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const mark = org.mark();
    const link = await pressEvidencePack(org, claim.claimId, BOB);

    expect(readable(link.answer.body.value)).toContain(
      'I sent you the evidence pack link in our 1:1 chat (it works once, for 15 minutes).',
    );
    expect(readable(link.answer.body.value)).toContain(claim.number);
    expect(JSON.stringify(org.sentTo(org.partner, mark))).not.toContain('/evidence/');
    expect(JSON.stringify(link.answer)).not.toContain('/evidence/');
    expect(link.cards).toHaveLength(1);
    expect(cardText(link.cards[0])).toContain(`Evidence pack of ${claim.number} is ready`);
    expect(cardText(link.cards[0])).toMatch(/works once, until 2026-10-01 09:15 UTC/);
    expect(link.url).toMatch(/\/evidence\/[\w-]{40,}$/);

    const res = await download(link.url!);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    const entries = unzip(res.body);
    const proofFolder = 'proof-of-execution/Copy of the final ad showing the core requirements';
    expect([...entries.keys()].sort()).toEqual(
      [
        'history.csv',
        'history.html',
        'invoices/RG-2026-0917 Riverside Gazette.pdf',
        `${proofFolder}/ad-as-printed.png`,
        'summary.html',
        'summary.json',
      ].sort(),
    );
    expect(entries.get('invoices/RG-2026-0917 Riverside Gazette.pdf')).toEqual(claim.files.invoice);
    expect(entries.get(`${proofFolder}/ad-as-printed.png`)).toEqual(claim.files.proof);

    const summary = JSON.parse(entries.get('summary.json')!.toString('utf8'));
    expect(summary.claim).toMatchObject({
      number: claim.number,
      status: 'Submitted',
      program: 'ADD-PC',
      period: { code: '2026-Q3' },
      activity: { code: 'print-advertising', name: 'Print advertising' },
      claimed: { amount: '1200.50', text: 'USD 1,200.50' },
      dates: { submitted: '2026-10-01T09:00:00.000Z', deadline: '2026-11-14' },
    });
    expect(summary.documents).toEqual([
      expect.objectContaining({
        path: 'invoices/RG-2026-0917 Riverside Gazette.pdf',
        kind: 'invoice',
        name: 'gazette invoice.pdf',
        sha256: sha256(claim.files.invoice),
        packed: { sha256: sha256(claim.files.invoice), size: claim.files.invoice.length, matchesRecorded: true },
        addedBy: { name: 'Bob User', id: BOB.id },
      }),
      expect.objectContaining({
        path: `${proofFolder}/ad-as-printed.png`,
        kind: 'poe',
        sha256: sha256(claim.files.proof),
        packed: expect.objectContaining({ matchesRecorded: true }),
      }),
    ]);
    expect(summary.history).toMatchObject({ intact: true, events: claim.version });
    expect(summary.history.verdict).toMatch(new RegExp(`^${claim.number}: History verifies\\. ${claim.version} event`));

    const html = entries.get('summary.html')!.toString('utf8');
    expect(html).toContain(sha256(claim.files.invoice));
    expect(html).toContain('History verifies');
    expect(html).toContain('Quarter-page ad, 14 September issue');

    const rows = parse(entries.get('history.csv')!.toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: claim.version }, (_, i) => i + 1));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash!) && r.chain === 'verified')).toBe(true);
    expect(rows[0]).toMatchObject({ type: 'claim.created', who: 'Bob User', prev_hash: '' });
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    const added = rows.filter((r) => r.type === 'document.added');
    expect(added.map((r) => r.document_sha256)).toEqual([sha256(claim.files.invoice), sha256(claim.files.proof)]);
    const historyHtml = entries.get('history.html')!.toString('utf8');
    for (const r of rows) expect(historyHtml).toContain(r.hash!);
    expect(historyHtml).toContain('submitted the claim');
  });

  it('when a reviewer presses Evidence pack on the review card then they get their own link and the review card stays', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const link = await pressEvidencePack(org, claim.claimId, RITA, org.reviews, 'review');
    expect(findAction(link.answer.body.value, 'review.pickUp')).toBeDefined();
    expect(readable(link.answer.body.value)).toContain('I sent you the evidence pack link in our 1:1 chat');
    expect(link.cards).toHaveLength(1);
    expect((await download(link.url!)).status).toBe(200);
  });

  it('when the link is opened a second time, after 15 minutes, or forged then the person gets a page saying so, never a ZIP', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const first = await pressEvidencePack(org, claim.claimId);
    expect((await download(first.url!)).status).toBe(200);
    const again = await download(first.url!);
    expect(again.status).toBe(410);
    expect(again.type).toMatch(/text\/html/);
    expect(again.body.toString()).toMatch(/already used \(each link works once\)/);

    const late = await pressEvidencePack(org, claim.claimId);
    bot.clock.set('2026-10-01T09:16:00Z');
    const expired = await download(late.url!);
    expect(expired.status).toBe(410);
    expect(expired.body.toString()).toMatch(/expired \(links last 15 minutes\)/);

    const forged = await download(`${bot.app.url}/evidence/${'x'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect((await download(`${bot.app.url}/evidence/%3Cscript%3E`)).status).toBe(404);
  });

  it('when two downloads of one link start at the same moment then exactly one gets the ZIP', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const { url } = await pressEvidencePack(org, claim.claimId);
    const [a, b] = await Promise.all([download(url!), download(url!)]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
  });

  it('when an evidence pack link is used as an export link (or the other way round) then it does not open', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const { url } = await pressEvidencePack(org, claim.claimId, ANN);
    const asExport = await fetch(url!.replace('/evidence/', '/exports/'));
    expect(asExport.status).toBe(403);
    expect(await asExport.text()).not.toContain(claim.number);
    expect((await download(url!)).status).toBe(200);

    const mark = org.mark();
    await org.say('export', ANN);
    const exportUrl = String(
      (cardOf(personalTo(org, ANN, mark)[0]) as { actions: Array<{ url: string }> }).actions[0]!.url,
    ).replace(/^https?:\/\/[^/]+/, bot.app.url);
    expect((await download(exportUrl.replace('/exports/', '/evidence/'))).status).toBe(404);
  });

  it('when a colleague presses Evidence pack then they get the normal refusal on the card and no link, and another organisation cannot find the claim', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const link = await pressEvidencePack(org, claim.claimId, COLE);
    expect(readable(link.answer.body.value)).toContain(
      "Only incentives admins, incentives users and reviewers can download a claim's evidence pack.",
    );
    expect(findAction(link.answer.body.value, 'claim.comment')).toBeDefined();
    expect(link.cards).toHaveLength(0);
    expect(await bot.app.db.collection('download_tokens').countDocuments({ createdBy: COLE.id })).toBe(0);

    const other = await anOrganisation(bot);
    const stranger = await pressEvidencePack(other, claim.claimId, ANN);
    expect(stranger.answer.body.value).toBe("I can't find that claim in this organisation.");
    expect(stranger.cards).toHaveLength(0);
  });

  it('when an event was changed in the database then the pack says which event broke the chain, in the summary and in both History files', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    await bot.app.db
      .collection('claim_events')
      .updateOne({ claimId: claim.claimId, seq: 2 }, { $set: { 'actor.name': 'Someone Else' } });
    const { url } = await pressEvidencePack(org, claim.claimId, CARL, org.reviews, 'review');
    const entries = unzip((await download(url!)).body);
    const summary = JSON.parse(entries.get('summary.json')!.toString('utf8'));
    expect(summary.history).toMatchObject({ intact: false, firstBroken: 2, reason: 'changed' });
    expect(summary.history.verdict).toBe(
      `${claim.number}: History does NOT verify — event 2 is not the one that was recorded (its content or its hash was changed). Treat the History from event 2 on as altered and tell your incentives admin.`,
    );
    const rows = parse(entries.get('history.csv')!.toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.chain)).toEqual([
      'verified',
      'first broken',
      ...Array.from({ length: rows.length - 2 }, () => 'after the break'),
    ]);
    expect(rows[1]!.who).toBe('Someone Else');
    expect(entries.get('history.html')!.toString('utf8')).toContain('History does NOT verify — event 2');
    expect(entries.get('summary.html')!.toString('utf8')).toContain('History does NOT verify — event 2');
  });

  it('when people typed markup and formulas then the pages escape it and the CSV keeps it as text', async () => {
    const org = await anOrganisation(bot);
    const claim = await aPackableClaim(org);
    const now = await org.current(claim.claimId);
    await org.press('claim.comment', {
      claimId: claim.claimId,
      version: now.version,
      comment: '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("http://evil.example","x")',
    });
    const { url } = await pressEvidencePack(org, claim.claimId);
    const entries = unzip((await download(url!)).body);
    for (const page of ['history.html', 'summary.html']) {
      const html = entries.get(page)!.toString('utf8');
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain("default-src 'none'");
    }
    expect(entries.get('history.html')!.toString('utf8')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const rows = parse(entries.get('history.csv')!.toString('utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    const comment = rows.find((r) => r.type === 'claim.commented')!;
    expect(comment.detail).toMatch(/^<script>alert\(1\)<\/script>/);
    const formula = await (async () => {
      const later = await org.current(claim.claimId);
      await org.press('claim.comment', { claimId: claim.claimId, version: later.version, comment: '=1+1' });
      const again = await pressEvidencePack(org, claim.claimId);
      const csv = unzip((await download(again.url!)).body)
        .get('history.csv')!
        .toString('utf8');
      return (parse(csv, { columns: true }) as Array<Record<string, string>>)
        .filter((r) => r.type === 'claim.commented')
        .pop()!;
    })();
    expect(formula.detail).toBe("'=1+1");
  });

  it('when names are hostile (paths, control characters, 2,000 Japanese characters, duplicates) then every entry name is a safe, unique plain name', async () => {
    const org = await anOrganisation(bot);
    const claim = await org.newClaim({ amount: '300.00' });
    const invoice = (vendor: string, invoiceNumber: string, data: Buffer) =>
      org.upload(
        claim.claimId,
        'invoice',
        { vendor, invoiceNumber, invoiceDate: '2026-09-20', amount: '75.00', currency: 'USD' },
        BOB,
        'invoice.pdf',
        data,
      );
    await invoice('../../../../etc/passwd', '..\\..\\boot.ini', pdfSaying('one'));
    await invoice('Red\u0007\u001b[31m\u202egpj.exe', 'CON', pdfSaying('two'));
    await invoice('Riverside Gazette', 'RG-1', pdfSaying('three'));
    await invoice('../../../../etc/passwd', '..\\..\\boot.ini', pdfSaying('four'));
    await org.upload(claim.claimId, 'other', { title: 'NUL' }, BOB, 'device.txt', Buffer.from('a text file\n'));
    await org.addProof(claim.claimId, 'final-ad');
    await org.fillMetrics(claim.claimId, 'print-advertising');
    expect(cardText((await org.submit(claim)).body.value)).toContain('Submitted for review');
    // Stored before today's limits (or by an import): a vendor of 2,000 Japanese characters.
    const stored = await bot.app.db.collection('claims').findOne({ _id: claim.claimId as never });
    const documents = (stored!.documents as Array<{ details: Record<string, unknown> }>).map((d, i) =>
      i === 2 ? { ...d, details: { ...d.details, vendor: '請求書'.repeat(667).slice(0, 2000), invoiceNumber: '' } } : d,
    );
    await bot.app.db.collection('claims').updateOne({ _id: claim.claimId as never }, { $set: { documents } });

    const { url } = await pressEvidencePack(org, claim.claimId);
    const names = [...unzip((await download(url!)).body).keys()];
    const documentNames = names.filter((n) => n.includes('/'));
    expect(documentNames).toHaveLength(6);
    expect(documentNames).toContain('other/_NUL.txt');
    for (const name of names) {
      expect(name).not.toMatch(/^[/\\]|\\|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      for (const segment of name.split('/')) {
        expect(segment).not.toMatch(/^[.\s]|[.\s]$/);
        expect(segment).not.toBe('..');
        expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(150);
        expect(segment).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)(\.|$)/i);
      }
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    const invoices = documentNames.filter((n) => n.startsWith('invoices/'));
    expect(invoices).toEqual([
      'invoices/_.._boot.ini .._.._.._.._etc_passwd.pdf',
      'invoices/CON Red [31mgpj.exe.pdf',
      expect.stringMatching(/^invoices\/(請求書)+請?求?\.pdf$/),
      'invoices/_.._boot.ini .._.._.._.._etc_passwd (2).pdf',
    ]);
  });
});
