import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import {
  AppPackageError,
  buildAppPackage,
  checkBot,
  checkIcons,
  checkMessageActions,
  commandListsFromHelp,
  commandsFromHelp,
  commandTitle,
  iconFacts,
  preparePackage,
  shippedSchemaVersions,
  validateAgainstSchema,
  type HelpLine,
  type MessageActionLine,
  type TeamsManifest,
} from '../../scripts/lib/app-package';
import { colorIcon, outlineIcon } from '../../scripts/lib/icons';
import { registryHelpLines, registryMessageActions } from '../../scripts/lib/registry-help';

const MANIFEST_DIR = join(__dirname, '..', '..', 'manifest');
const ENV = { BOT_ID: '2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42', BOT_DOMAIN: 'claims.contoso.com' };

function template(): TeamsManifest {
  return JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as TeamsManifest;
}

/**
 * Help lines of the packaging tests, with copies of manifest/ whose command lists are synced to
 * them. Only the registry test below compares the committed manifest with the real registry, so a
 * new command fails that one test (which says to run `npm run manifest:sync`), not every packaging test.
 */
const HELP: HelpLine[] = [
  { usage: 'help', text: 'This list of commands.' },
  { usage: 'claim CLM-000123', text: "Post that claim's current card here." },
  { usage: 'funds PROGRAM PERIOD AMOUNT [CURRENCY]', text: 'Admins: set the earned funds of a program for a period.' },
  { usage: 'review channel here', text: 'Admins: make this channel the review channel.' },
];

/** The bot's message actions: the committed manifest's composeExtensions must equal them. */
const ACTIONS: MessageActionLine[] = registryMessageActions();

/** The manifest as `npm run package` fills it from ENV. */
function filled(): TeamsManifest {
  return preparePackage({ manifestDir: copyOfManifestDir().dir, env: ENV, helpLines: HELP, messageActions: ACTIONS })
    .manifest;
}

function pixels(png: Buffer): Buffer {
  return PNG.sync.read(png).data;
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'app-package-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A copy of manifest/ (command lists synced to HELP) to break, and the zip path it would be written to. */
function copyOfManifestDir(): { dir: string; outFile: string } {
  const dir = join(work, 'manifest');
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  editManifest(dir, (m) => (m.bots[0].commandLists = commandListsFromHelp(HELP, m.bots[0].scopes)));
  return { dir, outFile: join(work, 'build', 'appPackage.zip') };
}

/** Edits the JSON freely: the point is to make it wrong. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = Record<string, any>;

function editManifest(dir: string, edit: (m: AnyJson) => void): void {
  const file = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as AnyJson;
  edit(m);
  writeFileSync(file, JSON.stringify(m, null, 2));
}

describe('Teams app manifest', () => {
  it('when filled from BOT_ID and BOT_DOMAIN then it validates against the Teams schema of its manifestVersion', () => {
    const m = filled();
    expect(validateAgainstSchema(m)).toEqual([]);
    expect(m.id).toBe(ENV.BOT_ID);
    expect(m.bots?.[0]?.botId).toBe(ENV.BOT_ID);
    expect(m.validDomains).toEqual([ENV.BOT_DOMAIN]);
    expect(JSON.stringify(m)).not.toContain('${{');
  });

  it('when checked then it uses the newest Teams schema that ships offline (@microsoft/app-manifest)', () => {
    const versions = shippedSchemaVersions();
    expect(versions.length).toBeGreaterThan(10);
    expect(template().manifestVersion).toBe(versions[versions.length - 1]);
    expect(template().$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${template().manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('when read then the bot works in personal, team and group chat scopes and supports files', () => {
    const bot = template().bots?.[0];
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(true);
  });

  it('when compared with src/bot/registry.ts then each scope has one command list equal to the help lines, in order (else: npm run manifest:sync)', () => {
    const help = registryHelpLines();
    const bot = template().bots![0]!;
    expect(help.length).toBeGreaterThan(0);
    expect(checkBot(template(), help)).toEqual([]);
    for (const scope of ['personal', 'team', 'groupChat']) {
      const lists = bot.commandLists!.filter((l) => l.scopes.includes(scope));
      expect(lists).toHaveLength(1);
      expect(lists[0]!.commands.map((c) => c.title)).toEqual(
        help.filter((l) => l.menu !== false).map((l) => commandTitle(l.usage)),
      );
      expect(lists[0]!.commands.length).toBeLessThanOrEqual(10);
      expect(lists[0]!.commands).toEqual(commandsFromHelp(help));
    }
  });

  it('when read then each menu title is the command alone (Teams types it into the compose box) and the syntax leads the description', () => {
    const commands = template().bots![0]!.commandLists![0]!.commands;
    for (const c of commands) expect(c.title).toMatch(/^[a-z]+( [a-z]+)*$/);
    expect(new Set(commands.map((c) => c.title)).size).toBe(commands.length);
    const budget = commands.find((c) => c.title === 'budget');
    expect(budget?.description).toMatch(/^budget PROGRAM PERIOD — What can we still claim\?/);
    expect(commands.find((c) => c.title === 'help')?.description).toBe('This list of commands.');
  });

  it.each<[string, string]>([
    ['funds PROGRAM PERIOD AMOUNT [CURRENCY]', 'funds'],
    ['claims [mine] [status]', 'claims'],
    ['claim CLM-000123', 'claim'],
    ['reviewer @person / admin @person', 'reviewer'],
    ['new claim', 'new claim'],
    ['`review channel here`', 'review channel here'],
  ])('when the usage is %j then the menu title is %j', (usage, title) => {
    expect(commandTitle(usage)).toBe(title);
  });

  it('when compared with src/bot/registry.ts then the one message extension is the bot, with each message action as an action command on messages whose dialog the bot fetches (else: npm run manifest:sync)', () => {
    const m = template();
    expect(ACTIONS.map((a) => a.commandId)).toEqual(['addToClaim']);
    expect(checkMessageActions(m, ACTIONS)).toEqual([]);
    expect(m.composeExtensions).toEqual([
      {
        botId: '${{BOT_ID}}',
        commands: [
          {
            id: 'addToClaim',
            type: 'action',
            title: 'Add to claim',
            description: expect.stringMatching(/^Add this message's files and images to a co-op claim/),
            context: ['message'],
            fetchTask: true,
          },
        ],
      },
    ]);
    // Filled, it is part of the manifest the Teams schema validates.
    const f = filled();
    expect(validateAgainstSchema(f)).toEqual([]);
    expect(f.composeExtensions?.[0]?.botId).toBe(ENV.BOT_ID);
  });

  it.each<[string, (m: AnyJson) => void, RegExp]>([
    [
      'the extension is missing',
      (m) => delete m.composeExtensions,
      /composeExtensions must hold one message extension/,
    ],
    [
      'the extension is another bot',
      (m) => (m.composeExtensions[0].botId = '00000000-0000-4000-8000-000000000000'),
      /composeExtensions\[0\]\.botId must be the bot's id/,
    ],
    [
      'the command is a search',
      (m) => (m.composeExtensions[0].commands[0].type = 'query'),
      /command 1 differs from the registry: manifest has "addToClaim" \(query/,
    ],
    [
      'the command is not on messages',
      (m) => (m.composeExtensions[0].commands[0].context = ['compose']),
      /context \["compose"\]/,
    ],
    ['the dialog is static', (m) => delete m.composeExtensions[0].commands[0].fetchTask, /fetchTask false/],
    ['a command was renamed', (m) => (m.composeExtensions[0].commands[0].id = 'addToClaims'), /"addToClaims"/],
  ])('when %s then the message action check says so', (_, breakIt, message) => {
    const m = JSON.parse(JSON.stringify(template())) as AnyJson;
    breakIt(m);
    const problems = checkMessageActions(m as TeamsManifest, ACTIONS);
    expect(problems.join('\n')).toMatch(message);
  });

  it('when help gains a command the manifest lacks then the check names it and the sync command', () => {
    const { dir } = copyOfManifestDir();
    const synced = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TeamsManifest;
    const more = [...HELP, { usage: 'dispute CLM-000123', text: 'Dispute a decision.' }];
    const problems = checkBot(synced, more);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /"personal" command list differs from help at command 5: manifest has nothing, help has "dispute" — "dispute CLM-000123 — Dispute a decision\."/,
    );
    expect(problems[0]).toMatch(/npm run manifest:sync/);
  });
});

describe('Teams app icons', () => {
  const color = readFileSync(join(MANIFEST_DIR, 'color.png'));
  const outline = readFileSync(join(MANIFEST_DIR, 'outline.png'));

  it('when read then color.png is 192×192 and outline.png is 32×32', () => {
    expect(iconFacts(color)).toMatchObject({ width: 192, height: 192 });
    expect(iconFacts(outline)).toMatchObject({ width: 32, height: 32 });
  });

  it('when read then the outline is a white glyph on a transparent background', () => {
    const f = iconFacts(outline);
    expect(f.hasAlpha).toBe(true);
    expect(f.nonWhiteVisible).toBe(0);
    expect(f.transparentShare).toBeGreaterThan(0.25);
    expect(f.opaqueShare).toBeGreaterThan(0.03);
    expect(
      checkIcons(
        template(),
        new Map([
          ['color.png', color],
          ['outline.png', outline],
        ]),
      ),
    ).toEqual([]);
  });

  it('when the icons are drawn again by scripts/lib/icons.ts then the pixels equal the committed PNGs (run `npm run icons` after changing it)', () => {
    expect(pixels(colorIcon()).equals(pixels(color))).toBe(true);
    expect(pixels(outlineIcon()).equals(pixels(outline))).toBe(true);
  });
});

describe('npm run package', () => {
  it('when everything is valid then build/appPackage.zip holds manifest.json, color.png and outline.png at its root', () => {
    const { dir, outFile } = copyOfManifestDir();
    const built = buildAppPackage({ manifestDir: dir, env: ENV, helpLines: HELP, messageActions: ACTIONS, outFile });
    expect(built.outFile).toBe(outFile);
    const zip = new AdmZip(outFile);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as TeamsManifest;
    expect(manifest.bots?.[0]?.botId).toBe(ENV.BOT_ID);
    expect(validateAgainstSchema(manifest)).toEqual([]);
    expect(zip.readFile('color.png')!.equals(readFileSync(join(dir, 'color.png')))).toBe(true);
    expect(zip.readFile('outline.png')!.equals(readFileSync(join(dir, 'outline.png')))).toBe(true);
  });

  it('when BOT_DOMAIN is not set but PUBLIC_BASE_URL is then the domain is its host', () => {
    const { dir, outFile } = copyOfManifestDir();
    const built = buildAppPackage({
      manifestDir: dir,
      env: { BOT_ID: ENV.BOT_ID, PUBLIC_BASE_URL: 'https://Claims.Contoso.com/' },
      helpLines: HELP,
      messageActions: ACTIONS,
      outFile,
    });
    expect(built.manifest.validDomains).toEqual(['claims.contoso.com']);
  });

  it('when built twice from the same inputs then the zip is byte-identical', () => {
    const { dir, outFile } = copyOfManifestDir();
    buildAppPackage({ manifestDir: dir, env: ENV, helpLines: HELP, messageActions: ACTIONS, outFile });
    const first = readFileSync(outFile);
    buildAppPackage({ manifestDir: dir, env: ENV, helpLines: HELP, messageActions: ACTIONS, outFile });
    expect(readFileSync(outFile).equals(first)).toBe(true);
  });

  const BROKEN: Array<{
    name: string;
    env?: Record<string, string>;
    breakIt?: (dir: string) => void;
    message: RegExp;
  }> = [
    { name: 'BOT_ID is missing', env: { BOT_DOMAIN: ENV.BOT_DOMAIN }, message: /BOT_ID is not set/ },
    { name: 'BOT_ID is not a GUID', env: { ...ENV, BOT_ID: 'my-bot' }, message: /BOT_ID must be a GUID/ },
    {
      name: 'BOT_DOMAIN is a URL',
      env: { ...ENV, BOT_DOMAIN: 'https://claims.contoso.com/api' },
      message: /BOT_DOMAIN must be a bare host name/,
    },
    {
      name: 'PUBLIC_BASE_URL is on another host than BOT_DOMAIN',
      env: { ...ENV, PUBLIC_BASE_URL: 'https://claims-old.contoso.com' },
      message: /BOT_DOMAIN is claims\.contoso\.com but PUBLIC_BASE_URL .* is on claims-old\.contoso\.com/,
    },
    {
      name: 'the manifest uses an unknown placeholder',
      breakIt: (d) => editManifest(d, (m) => (m.developer.name = '${{COMPANY}}')),
      message: /uses \$\{\{COMPANY\}\}/,
    },
    {
      name: 'the manifest is not JSON',
      breakIt: (d) => writeFileSync(join(d, 'manifest.json'), '{ "manifestVersion": '),
      message: /not valid JSON/,
    },
    {
      name: 'a required property is missing',
      breakIt: (d) => editManifest(d, (m) => delete m.developer),
      message: /schema v1\.\d+: \(top level\) must have required property 'developer'/,
    },
    {
      name: 'a property is unknown to the schema',
      breakIt: (d) => editManifest(d, (m) => (m.botz = [])),
      message: /must NOT have additional properties "botz"/,
    },
    {
      name: 'the short name is too long',
      breakIt: (d) => editManifest(d, (m) => (m.name.short = 'x'.repeat(31))),
      message: /\/name\/short must NOT have more than 30 characters/,
    },
    {
      name: 'a bot scope is unknown',
      breakIt: (d) => editManifest(d, (m) => (m.bots[0].scopes = ['personal', 'teams'])),
      message: /\/bots\/0\/scopes\/1 must be equal to one of the allowed values/,
    },
    {
      name: 'manifestVersion has no shipped schema',
      breakIt: (d) => editManifest(d, (m) => (m.manifestVersion = '9.99')),
      message: /no Teams schema for manifestVersion "9\.99"/,
    },
    {
      name: 'supportsFiles is off',
      breakIt: (d) => editManifest(d, (m) => (m.bots[0].supportsFiles = false)),
      message: /supportsFiles must be true/,
    },
    {
      name: 'a command list lost a command',
      breakIt: (d) => editManifest(d, (m) => m.bots[0].commandLists[1].commands.pop()),
      message: /"team" command list differs from help/,
    },
    {
      name: 'a message action lost its dialog',
      breakIt: (d) => editManifest(d, (m) => (m.composeExtensions[0].commands[0].fetchTask = false)),
      message: /composeExtensions\[0\] command 1 differs from the registry/,
    },
    {
      name: 'a message action title is too long for Teams',
      breakIt: (d) => editManifest(d, (m) => (m.composeExtensions[0].commands[0].title = 'x'.repeat(33))),
      message: /\/composeExtensions\/0\/commands\/0\/title must NOT have more than 32 characters/,
    },
    {
      name: 'validDomains lacks the bot host',
      breakIt: (d) => editManifest(d, (m) => (m.validDomains = ['example.com'])),
      message: /validDomains must include the bot's host claims\.contoso\.com/,
    },
    {
      name: 'the outline icon is missing',
      breakIt: (d) => rmSync(join(d, 'outline.png')),
      message: /outline icon "outline\.png" is missing/,
    },
    {
      name: 'the outline icon is not a PNG',
      breakIt: (d) => writeFileSync(join(d, 'outline.png'), 'GIF89a'),
      message: /outline icon "outline\.png" is not a readable PNG/,
    },
    {
      name: 'the outline icon is the colour icon',
      breakIt: (d) => cpSync(join(d, 'color.png'), join(d, 'outline.png')),
      message:
        /outline icon "outline\.png" is 192×192; Teams needs 32×32[\s\S]*must have a transparent background[\s\S]*must be white only/,
    },
    {
      name: 'the colour icon has the wrong size',
      breakIt: (d) => writeFileSync(join(d, 'color.png'), colorIcon(96)),
      message: /color icon "color\.png" is 96×96; Teams needs 192×192/,
    },
  ];

  it.each(BROKEN)(
    'when $name then it fails with a clear message and no zip exists afterwards',
    ({ env, breakIt, message }) => {
      const { dir, outFile } = copyOfManifestDir();
      // A good package from an earlier run must not survive a failed run.
      buildAppPackage({ manifestDir: dir, env: ENV, helpLines: HELP, messageActions: ACTIONS, outFile });
      expect(existsSync(outFile)).toBe(true);
      breakIt?.(dir);
      let error: unknown;
      try {
        buildAppPackage({ manifestDir: dir, env: env ?? ENV, helpLines: HELP, messageActions: ACTIONS, outFile });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AppPackageError);
      expect((error as Error).message).toMatch(message);
      expect(existsSync(outFile)).toBe(false);
    },
  );
});
