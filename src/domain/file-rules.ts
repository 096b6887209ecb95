import { charLength } from './text-length';

/**
 * Which files a claim accepts (our rule): the type is decided by the content's magic bytes, and
 * the name only has to agree with it. CSV and TXT have no magic bytes: they are accepted by their
 * extension when the whole content is valid UTF-8 text without NUL bytes.
 */
export interface FileType {
  readonly ext: string;
  readonly mime: string;
  readonly label: string;
}

const T = (ext: string, mime: string, label: string): FileType => ({ ext, mime, label });

/** Types recognised by their content. */
export const MAGIC_TYPES: readonly FileType[] = [
  T('pdf', 'application/pdf', 'PDF'),
  T('png', 'image/png', 'PNG image'),
  T('jpg', 'image/jpeg', 'JPEG image'),
  T('gif', 'image/gif', 'GIF image'),
  T('webp', 'image/webp', 'WebP image'),
  T('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word document'),
  T('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel workbook'),
  T('pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PowerPoint presentation'),
  T('zip', 'application/zip', 'ZIP archive'),
];

/** Types recognised by extension plus a text check. */
export const TEXT_TYPES: readonly FileType[] = [T('csv', 'text/csv', 'CSV file'), T('txt', 'text/plain', 'text file')];

export const ACCEPTED_TEXT = 'PDF, PNG, JPEG, GIF, WebP, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), CSV, TXT or ZIP';

/** Extensions that name the same type. */
const ALIASES: Readonly<Record<string, string>> = { jpeg: 'jpg', jpe: 'jpg' };
/** Office files are ZIP containers: a .docx whose first entries do not reveal Word is still a ZIP. */
const ZIP_FAMILY = new Set(['zip', 'docx', 'xlsx', 'pptx']);

export const MAX_FILE_NAME = 255;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export type NameCheck =
  { readonly ok: true; readonly name: string; readonly ext: string } | { readonly ok: false; readonly message: string };

/**
 * A file name is only ever shown and offered on download; it must still be a plain name: no path,
 * no control or direction characters, not empty, not too long.
 */
export function checkFileName(raw: string | undefined): NameCheck {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) return { ok: false, message: 'The file has no name. Choose a file and try again.' };
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
    return { ok: false, message: 'The file name contains control characters. Rename the file and try again.' };
  // A right-to-left override shows "photo<RLO>gpj.pdf" as photofdp.jpg: the name would lie about its type.
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name))
    return {
      ok: false,
      message:
        'The file name contains characters that change its writing direction, so it would not read as it is. Rename the file and try again.',
    };
  if (/[\\/]/.test(name) || name === '.' || name === '..' || name.startsWith('..')) {
    return {
      ok: false,
      message:
        'The file name looks like a path (it contains / or \\ or ..). Send the file with a plain name, such as invoice.pdf.',
    };
  }
  if (charLength(name) > MAX_FILE_NAME)
    return {
      ok: false,
      message: `The file name is longer than ${MAX_FILE_NAME} characters. Rename the file and try again.`,
    };
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  const ext = m?.[1] ? normaliseExt(m[1]) : '';
  return { ok: true, name, ext };
}

export function normaliseExt(ext: string): string {
  const e = ext.toLowerCase();
  return ALIASES[e] ?? e;
}

export function isTextExt(ext: string): boolean {
  return TEXT_TYPES.some((t) => t.ext === ext);
}

export type TypeDecision =
  { readonly ok: true; readonly type: FileType } | { readonly ok: false; readonly message: string };

/**
 * Decides a file's type from what its content was detected as (undefined: no known magic bytes)
 * and its name's extension.
 */
export function decideType(
  detected: { ext: string; mime: string } | undefined,
  nameExt: string,
  fileName: string,
): TypeDecision {
  if (detected) {
    const ext = normaliseExt(detected.ext);
    const type = MAGIC_TYPES.find((t) => t.ext === ext);
    if (!type)
      return { ok: false, message: `${fileName} is a .${ext} file, which claims don't accept. Send ${ACCEPTED_TEXT}.` };
    const agrees = nameExt === '' || nameExt === ext || (ZIP_FAMILY.has(nameExt) && ZIP_FAMILY.has(ext));
    if (!agrees) {
      const named = [...MAGIC_TYPES, ...TEXT_TYPES].find((t) => t.ext === nameExt);
      return {
        ok: false,
        message: `${fileName} is named like ${named ? `a ${named.label}` : `a .${nameExt} file`}, but its content is a ${type.label}. Rename it to .${type.ext} or export it again.`,
      };
    }
    // A .docx detected only as a ZIP container keeps the type its name gives.
    if (ext === 'zip' && ZIP_FAMILY.has(nameExt))
      return { ok: true, type: MAGIC_TYPES.find((t) => t.ext === nameExt)! };
    return { ok: true, type };
  }
  const text = TEXT_TYPES.find((t) => t.ext === nameExt);
  if (text) return { ok: true, type: text };
  return { ok: false, message: `I can't tell what kind of file ${fileName} is. Send ${ACCEPTED_TEXT}.` };
}
