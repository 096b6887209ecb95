/**
 * The Teams app package: manifest/manifest.json (a template with ${{VARS}}), color.png and
 * outline.png → build/appPackage.zip. Everything is checked before anything is written: the
 * manifest against the Teams JSON schema of its manifestVersion (shipped by @microsoft/app-manifest,
 * no network), the bot's command lists against the registry's help lines, its message extension
 * against the registry's message actions, the icons' sizes and colours. A bad package fails with every problem listed and leaves no zip behind.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { PNG } from 'pngjs';

export interface HelpLine {
  readonly usage: string;
  readonly text: string;
  /** False for lines `help` shows but the Teams command menu does not (admin commands; the menu holds 10). */
  readonly menu?: boolean;
}

export interface BotCommand {
  readonly title: string;
  readonly description: string;
}

export interface CommandList {
  readonly scopes: string[];
  readonly commands: BotCommand[];
}

/** A message action of the bot (src/bot/registry.ts messageActions): a command on a message's … menu. */
export interface MessageActionLine {
  readonly commandId: string;
  readonly title: string;
  readonly description: string;
}

/** A message extension command as manifest.json holds it. */
export interface ComposeCommand {
  id: string;
  type?: string;
  title: string;
  description?: string;
  context?: string[];
  fetchTask?: boolean;
  [key: string]: unknown;
}

/** The parts of a Teams manifest this module reads (the schema checks the rest). */
export interface TeamsManifest {
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots?: Array<{ botId: string; scopes: string[]; supportsFiles?: boolean; commandLists?: CommandList[] }>;
  composeExtensions?: Array<{ botId?: string; commands?: ComposeCommand[]; [key: string]: unknown }>;
  validDomains?: string[];
  [key: string]: unknown;
}

/** One or more reasons the package cannot be built; the message lists them all. */
export class AppPackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
/** Teams shows at most this many commands per command list (schema maxItems). */
export const MAX_COMMANDS = 12;

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

// ---- placeholders --------------------------------------------------------------------------------

export interface PackageEnv {
  /** Microsoft App ID (client id) of the Azure Bot resource: a GUID. Required. */
  readonly BOT_ID?: string;
  /** Public host name of the bot (and of the /upload page), e.g. claims.contoso.com. Required. */
  readonly BOT_DOMAIN?: string;
  /** Teams app id (a GUID); defaults to BOT_ID. */
  readonly TEAMS_APP_ID?: string;
  /** The bot's own public base URL (src/config.ts); its host is BOT_DOMAIN's default and must match it. */
  readonly PUBLIC_BASE_URL?: string;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url?.trim()) return undefined;
  try {
    return new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Values for every ${{NAME}} in manifest.json, each checked, or the problems found. */
export function placeholderValues(env: PackageEnv): { values: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  const botId = env.BOT_ID?.trim() ?? '';
  if (!botId)
    problems.push(
      'BOT_ID is not set: give the Microsoft App ID (client id, a GUID) of the Azure Bot resource, e.g. BOT_ID=00000000-0000-0000-0000-000000000000',
    );
  else if (!GUID.test(botId))
    problems.push(`BOT_ID must be a GUID such as 2c1a7f0e-4b9d-4c55-9d3e-8b2f6a1c0d42 (got "${botId.slice(0, 60)}")`);
  else values.BOT_ID = botId.toLowerCase();

  const appId = env.TEAMS_APP_ID?.trim() || botId;
  if (env.TEAMS_APP_ID?.trim() && !GUID.test(appId))
    problems.push(`TEAMS_APP_ID must be a GUID (got "${appId.slice(0, 60)}")`);
  else if (GUID.test(appId)) values.TEAMS_APP_ID = appId.toLowerCase();

  const publicHost = hostOf(env.PUBLIC_BASE_URL);
  const domain = env.BOT_DOMAIN?.trim().toLowerCase() || publicHost || '';
  if (!domain)
    problems.push(
      'BOT_DOMAIN is not set: give the public host name of the bot (its /api/messages and /upload pages), e.g. BOT_DOMAIN=claims.contoso.com (or set PUBLIC_BASE_URL)',
    );
  else if (publicHost && publicHost !== domain)
    problems.push(
      `BOT_DOMAIN is ${domain} but PUBLIC_BASE_URL (where upload and download links point) is on ${publicHost}: Teams only opens the links on validDomains, so make them the same host`,
    );
  else if (/^[a-z]+:\/\//.test(domain) || /[/:?#]/.test(domain))
    problems.push(
      `BOT_DOMAIN must be a bare host name without scheme, port or path, e.g. claims.contoso.com (got "${domain.slice(0, 80)}")`,
    );
  else if (!HOST.test(domain)) problems.push(`BOT_DOMAIN is not a valid host name (got "${domain.slice(0, 80)}")`);
  else values.BOT_DOMAIN = domain;
  return { values, problems };
}

/** Replaces every ${{NAME}}; an unknown name, or a known one without a value, is a problem. */
export function fillPlaceholders(
  template: string,
  values: Record<string, string>,
  known: readonly string[] = ['BOT_ID', 'BOT_DOMAIN', 'TEAMS_APP_ID'],
): { text: string; problems: string[] } {
  const problems = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!known.includes(name)) {
      problems.add(
        `manifest.json uses \${{${name}}}, which \`npm run package\` does not fill (it knows ${known.map((k) => `\${{${k}}}`).join(', ')})`,
      );
      return whole;
    }
    const value = values[name];
    if (value === undefined) return whole; // the missing or bad variable is reported by placeholderValues
    return value;
  });
  return { text, problems: [...problems] };
}

// ---- schema --------------------------------------------------------------------------------------

function appManifestPackageDir(): string {
  return dirname(require.resolve('@microsoft/app-manifest/package.json'));
}

/** manifestVersion values whose Teams schema ships in node_modules/@microsoft/app-manifest. */
export function shippedSchemaVersions(): string[] {
  const dir = join(appManifestPackageDir(), 'build', 'json-schemas', 'teams');
  return readdirSync(dir)
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(join(dir, d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1))
    .sort((a, b) => {
      const [a1, a2] = a.split('.').map(Number) as [number, number];
      const [b1, b2] = b.split('.').map(Number) as [number, number];
      return a1 - b1 || a2 - b2;
    });
}

const validators = new Map<string, ValidateFunction>();

function schemaValidator(manifestVersion: string): ValidateFunction | undefined {
  const cached = validators.get(manifestVersion);
  if (cached) return cached;
  const file = join(
    appManifestPackageDir(),
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  if (!/^\d+\.\d+$/.test(manifestVersion) || !existsSync(file)) return undefined;
  // The Teams schemas are JSON Schema draft-04. Microsoft's own validator (ManifestUtil in the
  // same package) uses these options; one old schema has a `\a` that is not a valid regex escape.
  const schema = JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\x07')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  validators.set(manifestVersion, validate);
  return validate;
}

/** Problems with the manifest against the Teams JSON schema of its own manifestVersion. */
export function validateAgainstSchema(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['manifest.json has no manifestVersion (a string such as "1.30")'];
  const validate = schemaValidator(version);
  if (!validate)
    return [
      `no Teams schema for manifestVersion "${version}" in @microsoft/app-manifest (it ships ${shippedSchemaVersions().join(', ')})`,
    ];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '(top level)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : e.keyword === 'const'
            ? ` ${JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue)}`
            : '';
    return `schema v${version}: ${where} ${e.message ?? 'is invalid'}${extra}`;
  });
}

// ---- bot command lists ---------------------------------------------------------------------------

/** Help text is Markdown for cards; the Teams command menu shows plain text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The words Teams puts into the compose box when the command is picked from the menu: the usage up
 * to its first argument (`funds PROGRAM PERIOD AMOUNT [CURRENCY]` → `funds`), so nobody sends a
 * syntax template by accident.
 */
export function commandTitle(usage: string): string {
  const words = plainText(usage).split(' ');
  const command: string[] = [];
  for (const word of words) {
    if (!/^[a-z]+$/.test(word)) break;
    command.push(word);
  }
  return command.length > 0 ? command.join(' ') : words[0]!;
}

/**
 * The command menu entries `help` implies: one per help line meant for the menu, in help order. The title is the
 * command; the description starts with the syntax when the command takes arguments.
 */
export function commandsFromHelp(helpLines: readonly HelpLine[]): BotCommand[] {
  return helpLines
    .filter((l) => l.menu !== false)
    .map((l) => {
      const usage = plainText(l.usage);
      const title = commandTitle(usage);
      const text = plainText(l.text);
      return { title, description: title === usage ? text : `${usage} — ${text}` };
    });
}

/** The commandLists manifest.json should hold: one list per bot scope, each with every help line. */
export function commandListsFromHelp(
  helpLines: readonly HelpLine[],
  scopes: readonly string[] = BOT_SCOPES,
): CommandList[] {
  const commands = commandsFromHelp(helpLines);
  return scopes.map((scope) => ({ scopes: [scope], commands: commands.map((c) => ({ ...c })) }));
}

const SYNC_HINT =
  'run `npm run manifest:sync` to copy the help lines of src/bot/registry.ts into manifest/manifest.json';

/** The bot must exist with all three scopes, files on, and a command list per scope that equals `help`. */
export function checkBot(manifest: TeamsManifest, helpLines: readonly HelpLine[]): string[] {
  const problems: string[] = [];
  const bot = manifest.bots?.[0];
  if (!bot) return ['manifest.json has no bot (bots[0])'];
  for (const scope of BOT_SCOPES)
    if (!bot.scopes?.includes(scope))
      problems.push(`bots[0].scopes lacks "${scope}" (the bot works in personal chat, teams and group chats)`);
  if (bot.supportsFiles !== true)
    problems.push('bots[0].supportsFiles must be true (partners send invoices and proofs as files in 1:1 chat)');
  const expected = commandsFromHelp(helpLines);
  if (expected.length > MAX_COMMANDS)
    problems.push(
      `help has ${expected.length} lines but a Teams command list holds at most ${MAX_COMMANDS}: decide which commands the menu shows`,
    );
  const lists = bot.commandLists ?? [];
  for (const scope of bot.scopes ?? []) {
    const covering = lists.filter((l) => l.scopes?.includes(scope));
    if (covering.length !== 1) {
      problems.push(
        `bots[0].commandLists must have exactly one list for scope "${scope}" (found ${covering.length}); ${SYNC_HINT}`,
      );
      continue;
    }
    const actual = covering[0]!.commands ?? [];
    const n = Math.max(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const a = actual[i];
      const e = expected[i];
      if (a?.title === e?.title && (a?.description ?? '') === e?.description) continue;
      const got = a ? `"${a.title}" — "${a.description ?? ''}"` : 'nothing';
      const want = e ? `"${e.title}" — "${e.description}"` : 'nothing (help has fewer lines)';
      problems.push(
        `the "${scope}" command list differs from help at command ${i + 1}: manifest has ${got}, help has ${want}; ${SYNC_HINT}`,
      );
      break;
    }
  }
  return problems;
}

// ---- message actions -----------------------------------------------------------------------------

/**
 * The composeExtensions commands the bot's message actions imply: each an `action` on messages whose
 * dialog the bot builds (`fetchTask`), so Teams sends composeExtension/fetchTask and submitAction.
 */
export function composeCommandsFrom(actions: readonly MessageActionLine[]): ComposeCommand[] {
  return actions.map((a) => ({
    id: a.commandId,
    type: 'action',
    title: a.title,
    description: a.description,
    context: ['message'],
    fetchTask: true,
  }));
}

const MESSAGE_ACTION_SYNC_HINT =
  'run `npm run manifest:sync` to copy the message actions of src/bot/registry.ts into manifest/manifest.json';

/**
 * One message extension, run by the bot itself, whose commands are exactly the registry's message
 * actions (id, title, description; type action on messages, dialog fetched from the bot).
 */
export function checkMessageActions(manifest: TeamsManifest, actions: readonly MessageActionLine[]): string[] {
  const extensions = manifest.composeExtensions ?? [];
  if (actions.length === 0)
    return extensions.length === 0 ? [] : ['composeExtensions is set but the bot has no message actions'];
  if (extensions.length !== 1)
    return [
      `composeExtensions must hold one message extension for the bot's message actions; ${MESSAGE_ACTION_SYNC_HINT}`,
    ];
  const extension = extensions[0]!;
  const problems: string[] = [];
  const botId = manifest.bots?.[0]?.botId;
  if (extension.botId !== botId)
    problems.push(
      `composeExtensions[0].botId must be the bot's id (${String(botId)}), so Teams sends its invokes to this bot (got ${String(extension.botId)})`,
    );
  const expected = composeCommandsFrom(actions);
  const actual = extension.commands ?? [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    const same =
      !!a &&
      !!e &&
      a.id === e.id &&
      a.type === e.type &&
      a.title === e.title &&
      (a.description ?? '') === e.description &&
      JSON.stringify(a.context ?? []) === JSON.stringify(e.context) &&
      a.fetchTask === true;
    if (same) continue;
    const got = a
      ? `"${a.id}" (${a.type ?? 'query'}, context ${JSON.stringify(a.context ?? [])}, fetchTask ${String(a.fetchTask ?? false)}) "${a.title}"`
      : 'nothing';
    const want = e ? `"${e.id}" (action, context ["message"], fetchTask true) "${e.title}"` : 'nothing';
    problems.push(
      `composeExtensions[0] command ${i + 1} differs from the registry: manifest has ${got}, the bot has ${want}; ${MESSAGE_ACTION_SYNC_HINT}`,
    );
    break;
  }
  return problems;
}

// ---- icons ---------------------------------------------------------------------------------------

export interface IconFacts {
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  readonly transparentShare: number;
  readonly opaqueShare: number;
  /** Pixels that are visible (alpha > 0) but not white. */
  readonly nonWhiteVisible: number;
}

export function iconFacts(png: Buffer): IconFacts {
  const image = PNG.sync.read(png);
  let transparent = 0;
  let opaque = 0;
  let nonWhite = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const alpha = d[i + 3]!;
    if (alpha === 0) transparent++;
    if (alpha >= 128) opaque++;
    // Anti-aliasing belongs in the alpha channel: a visible pixel of the outline is pure white.
    if (alpha > 0 && (d[i]! < 0xf0 || d[i + 1]! < 0xf0 || d[i + 2]! < 0xf0)) nonWhite++;
  }
  const pixels = image.width * image.height;
  return {
    width: image.width,
    height: image.height,
    hasAlpha: image.alpha,
    transparentShare: transparent / pixels,
    opaqueShare: opaque / pixels,
    nonWhiteVisible: nonWhite,
  };
}

function readIcon(name: string, role: string, png: Buffer | undefined): { facts?: IconFacts; problems: string[] } {
  if (!png) return { problems: [`${role} icon "${name}" is missing from manifest/`] };
  try {
    return { facts: iconFacts(png), problems: [] };
  } catch (err) {
    return { problems: [`${role} icon "${name}" is not a readable PNG (${(err as Error).message})`] };
  }
}

/** Teams rules: color 192×192 PNG; outline 32×32 PNG, white glyph on a transparent background. */
export function checkIcons(manifest: TeamsManifest, files: ReadonlyMap<string, Buffer>): string[] {
  const problems: string[] = [];
  const color = readIcon(manifest.icons.color, 'color', files.get(manifest.icons.color));
  problems.push(...color.problems);
  if (color.facts && (color.facts.width !== COLOR_ICON_SIZE || color.facts.height !== COLOR_ICON_SIZE)) {
    problems.push(
      `color icon "${manifest.icons.color}" is ${color.facts.width}×${color.facts.height}; Teams needs ${COLOR_ICON_SIZE}×${COLOR_ICON_SIZE}`,
    );
  }
  const outline = readIcon(manifest.icons.outline, 'outline', files.get(manifest.icons.outline));
  problems.push(...outline.problems);
  const f = outline.facts;
  if (f) {
    const name = manifest.icons.outline;
    if (f.width !== OUTLINE_ICON_SIZE || f.height !== OUTLINE_ICON_SIZE)
      problems.push(
        `outline icon "${name}" is ${f.width}×${f.height}; Teams needs ${OUTLINE_ICON_SIZE}×${OUTLINE_ICON_SIZE}`,
      );
    if (!f.hasAlpha || f.transparentShare < 0.25)
      problems.push(
        `outline icon "${name}" must have a transparent background (only ${Math.round(f.transparentShare * 100)}% of its pixels are transparent)`,
      );
    if (f.nonWhiteVisible > 0)
      problems.push(
        `outline icon "${name}" must be white only: ${f.nonWhiteVisible} visible pixel(s) are another colour`,
      );
    if (f.opaqueShare < 0.03) problems.push(`outline icon "${name}" has no visible glyph`);
  }
  return problems;
}

// ---- package -------------------------------------------------------------------------------------

export interface BuildOptions {
  /** Folder holding manifest.json and the icons. */
  readonly manifestDir: string;
  readonly env: PackageEnv;
  /** The registry's help lines (what `help` shows). */
  readonly helpLines: readonly HelpLine[];
  /** The registry's message actions (composeExtensions). */
  readonly messageActions: readonly MessageActionLine[];
  /** Where the zip goes, e.g. build/appPackage.zip. */
  readonly outFile: string;
}

export interface BuiltPackage {
  readonly outFile: string;
  readonly manifest: TeamsManifest;
  readonly entries: readonly string[];
  readonly bytes: number;
}

/** Fills, checks and reads everything; returns the manifest and the files, or throws AppPackageError. */
export function preparePackage(options: Omit<BuildOptions, 'outFile'>): {
  manifest: TeamsManifest;
  files: Map<string, Buffer>;
} {
  const manifestFile = join(options.manifestDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new AppPackageError([`${manifestFile} does not exist`]);
  const { values, problems } = placeholderValues(options.env);
  const filled = fillPlaceholders(readFileSync(manifestFile, 'utf8'), values);
  problems.push(...filled.problems);
  let manifest: TeamsManifest;
  try {
    manifest = JSON.parse(filled.text) as TeamsManifest;
  } catch (err) {
    throw new AppPackageError([...problems, `manifest.json is not valid JSON: ${(err as Error).message}`]);
  }
  // Placeholders that could not be filled would be reported twice by the schema (as bad GUIDs).
  if (problems.length > 0) throw new AppPackageError(problems);
  problems.push(...validateAgainstSchema(manifest));
  if (problems.length > 0) throw new AppPackageError(problems);

  problems.push(...checkBot(manifest, options.helpLines));
  problems.push(...checkMessageActions(manifest, options.messageActions));
  if (!(manifest.validDomains ?? []).includes(values.BOT_DOMAIN!))
    problems.push(`validDomains must include the bot's host ${values.BOT_DOMAIN} (the upload page opens there)`);
  const files = new Map<string, Buffer>();
  for (const name of new Set([manifest.icons.color, manifest.icons.outline])) {
    if (name.includes('/') || name.includes('\\')) {
      problems.push(`icon "${name}" must be a file name at the package root, not a path`);
      continue;
    }
    const file = join(options.manifestDir, name);
    if (existsSync(file)) files.set(name, readFileSync(file));
  }
  problems.push(...checkIcons(manifest, files));
  if (problems.length > 0) throw new AppPackageError(problems);
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return { manifest, files };
}

/** A fixed timestamp keeps the zip byte-identical for identical inputs. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

/**
 * Builds the package. On any problem it throws AppPackageError and removes a zip left by an earlier
 * run, so a stale package is never mistaken for this one.
 */
export function buildAppPackage(options: BuildOptions): BuiltPackage {
  let prepared: ReturnType<typeof preparePackage>;
  try {
    prepared = preparePackage(options);
  } catch (err) {
    rmSync(options.outFile, { force: true });
    throw err;
  }
  const zip = new AdmZip();
  const entries = ['manifest.json', prepared.manifest.icons.color, prepared.manifest.icons.outline];
  for (const name of entries) {
    const entry = zip.addFile(name, prepared.files.get(name)!);
    entry.header.time = ZIP_TIME;
  }
  const buffer = zip.toBuffer();
  mkdirSync(dirname(options.outFile), { recursive: true });
  const tmp = `${options.outFile}.${process.pid}.tmp`;
  writeFileSync(tmp, buffer);
  renameSync(tmp, options.outFile);
  return { outFile: options.outFile, manifest: prepared.manifest, entries, bytes: buffer.length };
}
