/**
 * Reading the message a message action carries (src/bot/message-payload.ts): its text for the
 * note, its files, Teams' link to it — as tables, hostile input included.
 */
import { MessagePayload, messageFiles, messageLink, messageSource, messageText } from '../../src/bot/message-payload';
import { MAX_NOTE } from '../../src/domain/document';
import { MAX_MESSAGE_FILES } from '../../src/domain/document.service';

const payload = (overrides: Record<string, unknown> = {}) =>
  MessagePayload.parse({ id: '1727704500000', body: { contentType: 'html', content: '' }, ...overrides });
const html = (content: string) => payload({ body: { contentType: 'html', content } });
const ALLOWED = 'https://contoso.sharepoint.com';
const allows = (url: string) => url.startsWith(ALLOWED) || url.startsWith('http://127.0.0.1:8080/');

describe('messageText: the message as an explanatory note', () => {
  it.each<[string, string, string]>([
    [
      'paragraphs and line breaks',
      '<p>First line<br>second line</p><div>Third</div>',
      'First line\nsecond line\nThird',
    ],
    [
      'entities',
      'Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &#39;y&#39; caf&#xe9; &#128512;',
      'Tom & Jerry <b> "x" \'y\' café 😀',
    ],
    ['invalid numeric entities', 'a&#0;b&#xD800;c&#x110000;d', 'abcd'],
    ['unknown named entities kept as written', 'a &bogus; b', 'a &bogus; b'],
    ['mentions keep the name', '<at id="0">Bob User</at> please check', 'Bob User please check'],
    ['control characters and bidi overrides', 'Total\u0007 \u202eTOTAL\u202c due\u0000', 'Total TOTAL due'],
    ['spaces collapsed, blank lines at most one', '<p>  a   b  </p><p></p><p></p><p></p><p>c</p>', 'a b\n\nc'],
    ['images and emoji leave no text', 'Look <img src="https://x/y.png" alt="photo"> here', 'Look here'],
    ['a lone < stays text', '1 < 2 and <b>bold</b>', '1 < 2 and bold'],
  ])('when the body has %s then the note reads as typed', (_, content, expected) => {
    expect(messageText(html(content))).toBe(expected);
  });

  it('when the body is plain text then tags are not stripped', () => {
    expect(messageText(payload({ body: { contentType: 'text', content: 'a <b> c' } }))).toBe('a <b> c');
  });

  it('when the message is longer than a note then it is cut at MAX_NOTE characters (kanji count once)', () => {
    const note = messageText(html(`<p>${'写真'.repeat(MAX_NOTE)}</p>`));
    expect([...note]).toHaveLength(MAX_NOTE);
    expect(note.endsWith('…')).toBe(true);
  });

  it('when the body is 200,000 characters of unclosed tags then it still reads (the tag pattern is linear)', () => {
    const hostile = '<img'.repeat(50_000);
    expect(messageText(html(hostile))).toHaveLength(MAX_NOTE);
    expect(messageFiles(html(hostile), () => true)).toEqual([]);
  });
});

describe('messageFiles: what of the message can become a document', () => {
  it('when the message has files and images then each is offered once, attachments first, with a stable key', () => {
    const files = messageFiles(
      payload({
        body: {
          contentType: 'html',
          content: [
            '<img src="https://statics.teams.cdn.office.net/e/smile.png" itemtype="http://schema.skype.com/Emoji">',
            `<img alt="x" src="${ALLOWED}/img?a=1&amp;b=2">`,
            "<img src='https://example.com/elsewhere.png'>",
            `<img src="${ALLOWED}/img?a=1&amp;b=2">`,
            '<img src="data:image/png;base64,AAAA">',
          ].join(''),
        },
        attachments: [
          { contentType: 'reference', contentUrl: `${ALLOWED}/sites/t/Shared%20Documents/a.pdf`, name: 'a.pdf' },
          { contentType: 'reference', name: 'no-url.pdf' },
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'b.pdf',
            content: { downloadUrl: `${ALLOWED}/download.aspx?x=1` },
          },
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'c.pdf',
            content: JSON.stringify({ downloadUrl: `${ALLOWED}/download.aspx?x=2` }),
          },
          { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'd.pdf', content: '{not json' },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: '{"type":"AdaptiveCard"}' },
        ],
      }),
      allows,
    );
    expect(files).toEqual([
      { key: 'f1', name: 'a.pdf', url: `${ALLOWED}/sites/t/Shared%20Documents/a.pdf`, origin: 'reference' },
      { key: 'f2', name: 'b.pdf', url: `${ALLOWED}/download.aspx?x=1`, origin: 'download' },
      { key: 'f3', name: 'c.pdf', url: `${ALLOWED}/download.aspx?x=2`, origin: 'download' },
      { key: 'f4', name: 'message-image-1', url: `${ALLOWED}/img?a=1&b=2`, origin: 'inline' },
    ]);
  });

  it('when a message has more files than one Add to claim takes then only the first are offered', () => {
    const attachments = Array.from({ length: 30 }, (_, i) => ({
      contentType: 'reference',
      contentUrl: `${ALLOWED}/f${i}.pdf`,
      name: `f${i}.pdf`,
    }));
    expect(messageFiles(payload({ attachments }), allows)).toHaveLength(MAX_MESSAGE_FILES);
  });

  it('when a file name has control characters, line breaks or is empty then it is cleaned, or called "file"', () => {
    const files = messageFiles(
      payload({
        attachments: [
          { contentType: 'reference', contentUrl: `${ALLOWED}/1`, name: 'in\u0007voice\n 2026.pdf' },
          { contentType: 'reference', contentUrl: `${ALLOWED}/2`, name: '' },
        ],
      }),
      allows,
    );
    expect(files.map((f) => f.name)).toEqual(['invoice 2026.pdf', 'file']);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an operator as its id', { id: { $gt: '' } }],
    ['an id with spaces', { id: 'a b' }],
    ['a body that is an object', { body: { contentType: 'html', content: { $where: '1' } } }],
    ['51 attachments', { attachments: Array.from({ length: 51 }, () => ({})) }],
    ['a file URL of 9,000 characters', { attachments: [{ contentType: 'reference', contentUrl: 'x'.repeat(9000) }] }],
  ])('when the payload has %s then it does not parse', (_, overrides) => {
    expect(MessagePayload.safeParse({ id: '1', ...overrides }).success).toBe(false);
  });
});

describe("messageLink: Teams' link to the message", () => {
  it.each<[string, string | undefined]>([
    [
      'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1?groupId=g',
      'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1?groupId=g',
    ],
    ['https://teams.microsoft.com/l/message/1?x=(y)', 'https://teams.microsoft.com/l/message/1?x=%28y%29'],
    ['https://gov.teams.microsoft.com/l/message/1', 'https://gov.teams.microsoft.com/l/message/1'],
    ['https://teams.cloud.microsoft/l/message/1', 'https://teams.cloud.microsoft/l/message/1'],
    ['http://teams.microsoft.com/l/message/1', undefined],
    ['https://teams.microsoft.com.evil.example/l/message/1', undefined],
    ['https://evil.example/?teams.microsoft.com', undefined],
    ['https://user:pw@teams.microsoft.com/l/message/1', undefined],
    ['https://teams.microsoft.com:8443/l/message/1', undefined],
    ['javascript:alert(1)//teams.microsoft.com', undefined],
    ['not a url', undefined],
  ])('when the link is %s then it is kept as %s', (raw, expected) => {
    expect(messageLink(raw)).toBe(expected);
  });
});

describe('messageSource: what History keeps about the message', () => {
  it('when a person wrote it then their id, name and the time are kept with the link and conversation', () => {
    const source = messageSource(
      payload({
        linkToMessage: 'https://teams.microsoft.com/l/message/1',
        createdDateTime: '2026-09-30T14:05:00.000Z',
        from: { user: { id: 'aad-cole', displayName: 'Cole\u202e Colleague' } },
      }),
      '19:partner',
    );
    expect(source).toEqual({
      messageId: '1727704500000',
      link: 'https://teams.microsoft.com/l/message/1',
      sender: { id: 'aad-cole', name: 'Cole Colleague' },
      sentAt: new Date('2026-09-30T14:05:00.000Z'),
      conversationId: '19:partner',
    });
  });

  it('when an app wrote it, or the date and link are not usable, then only what is sound is kept', () => {
    expect(
      messageSource(
        payload({
          linkToMessage: 'https://example.com/x',
          createdDateTime: 'yesterday',
          from: { application: { id: 'a b', displayName: 'Build bot' } },
        }),
        '19:partner',
      ),
    ).toEqual({ messageId: '1727704500000', sender: { name: 'Build bot' }, conversationId: '19:partner' });
  });
});
