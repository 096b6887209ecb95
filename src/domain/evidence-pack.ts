/**
 * The evidence pack of a claim (issue 14): a ZIP of its current documents under readable names,
 * its summary and its History. Pure rules: when a claim has one, and what each document is called
 * inside the archive.
 *
 * Entry names come from what people typed (invoice numbers, vendors, file names), so each path
 * segment is made safe for every unzip tool and file system: no separators, no `..`, no control,
 * format or bidi characters, no Windows device names or trailing dots, at most
 * MAX_SEGMENT_BYTES of UTF-8 — and every path is unique regardless of case.
 */
import type { Activity } from './activities';
import type { Claim, ClaimDocument } from './claim';

/** Below the 255 bytes most file systems allow for one name, with room for a " (12)" suffix. */
export const MAX_SEGMENT_BYTES = 150;
/** PoE labels are sentences; their folder keeps the first words. */
const MAX_FOLDER_BYTES = 80;

export const KIND_FOLDER = {
  invoice: 'invoices',
  csr: 'csrs',
  poe: 'proof-of-execution',
  other: 'other',
} as const;

/** The button shows, and a link is given, once the claim has been submitted (and is not a draft again). */
export function hasEvidencePack(claim: Pick<Claim, 'status' | 'firstSubmittedAt' | 'submittedAt'>): boolean {
  return claim.status !== 'Editing' && (claim.firstSubmittedAt ?? claim.submittedAt) !== undefined;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` (whole code points) within `max` UTF-8 bytes. */
function clipBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8Bytes(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * One path segment from people's text: NFC; control, format (zero-width, bidi override) and
 * separator characters removed or replaced; characters Windows forbids replaced by `_`; runs of
 * white space made one space; leading and trailing dots and spaces dropped (so never `.` or `..`);
 * clipped to `maxBytes`; `fallback` when nothing is left.
 */
export function safeSegment(raw: string, fallback: string, maxBytes = MAX_SEGMENT_BYTES): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const device = WINDOWS_DEVICE.test(cleaned) ? `_${cleaned}` : cleaned;
  const clipped = clipBytes(device, maxBytes).replace(/[\s.]+$/g, '');
  return clipped || fallback;
}

/** A file name: a safe stem and the stored (content-detected) extension. */
function fileName(stem: string, ext: string, fallback: string): string {
  // The extension was detected from the content (file-rules.ts); anything else is left off.
  const suffix = /^[a-z0-9]{1,10}$/.test(ext) ? `.${ext}` : '';
  return `${safeSegment(stem, fallback, MAX_SEGMENT_BYTES - utf8Bytes(suffix))}${suffix}`;
}

/** A file name without its own extension (the stored, content-detected one replaces it). */
function stemOf(name: string): string {
  return /^(.+)\.[A-Za-z0-9]{1,10}$/.exec(name)?.[1] ?? name;
}

/** A PoE item's folder: its label without the trailing explanation in parentheses, shortened. */
function poeFolder(activity: Activity | undefined, poeKey: string | undefined): string {
  const label = activity?.poe.find((p) => p.key === poeKey)?.label ?? poeKey ?? 'proof';
  const short = utf8Bytes(label) > MAX_FOLDER_BYTES ? label.replace(/\s*\([^)]*\)\s*$/, '') : label;
  return safeSegment(short, 'proof', MAX_FOLDER_BYTES);
}

/** What a document is called inside its folder, before uniqueness. */
function baseName(doc: ClaimDocument): string {
  const file = doc.file!;
  const d = doc.details ?? {};
  const own = stemOf(file.fileName);
  switch (doc.kind) {
    case 'invoice': {
      const stem = [d.invoiceNumber, d.vendor].filter((s) => s?.trim()).join(' ');
      return fileName(stem || own, file.ext, 'invoice');
    }
    case 'csr':
      return fileName(d.performedBy?.trim() ? `CSR ${d.performedBy}` : own, file.ext, 'csr');
    case 'poe':
      return fileName(own, file.ext, 'proof');
    case 'other':
      return fileName(d.title?.trim() ? d.title : own, file.ext, 'document');
  }
}

/** Adds " (2)", " (3)"… before the extension until the path is free (compared without case). */
function unique(folder: string, name: string, taken: Set<string>): string {
  const key = (path: string) => path.normalize('NFC').toLowerCase();
  let path = `${folder}/${name}`;
  if (!taken.has(key(path))) {
    taken.add(key(path));
    return path;
  }
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const stem = dot > 0 ? name.slice(0, dot) : name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})${ext}`;
    path = `${folder}/${clipBytes(stem, MAX_SEGMENT_BYTES - utf8Bytes(suffix)).replace(/[\s.]+$/, '')}${suffix}`;
    if (!taken.has(key(path))) {
      taken.add(key(path));
      return path;
    }
  }
}

export interface PackEntry {
  readonly path: string;
  readonly document: ClaimDocument;
}

/**
 * The archive path of each current document that has a stored file, in the claim's order:
 * `invoices/RG-2026-0917 Riverside Gazette.pdf`, `csrs/CSR Dana Lee.xlsx`,
 * `proof-of-execution/<PoE item>/<file name>`, `other/<title>.png`.
 */
export function packEntries(documents: readonly ClaimDocument[], activity: Activity | undefined): PackEntry[] {
  const taken = new Set<string>();
  const folders = new Map<string, string>();
  const takenFolders = new Set<string>();
  const folderOf = (doc: ClaimDocument): string => {
    if (doc.kind !== 'poe') return KIND_FOLDER[doc.kind];
    const key = doc.poeKey ?? '';
    let folder = folders.get(key);
    if (!folder) {
      const base = poeFolder(activity, doc.poeKey);
      folder = base;
      for (let n = 2; takenFolders.has(folder.toLowerCase()); n++) folder = `${base} (${n})`;
      takenFolders.add(folder.toLowerCase());
      folders.set(key, folder);
    }
    return `${KIND_FOLDER.poe}/${folder}`;
  };
  return documents
    .filter((doc) => doc.file)
    .map((document) => ({ path: unique(folderOf(document), baseName(document), taken), document }));
}
