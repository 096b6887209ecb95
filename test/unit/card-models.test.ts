/**
 * The card models (src/views/card-models.ts) against the templates (cards/*.card.json): every data
 * path a template's `${…}` expressions read, inside `$data` rows included, is a field of that card's
 * model, and every field of the model is read. TypeScript holds the views to the models and
 * CARD_FIELDS to the models' keys; this holds CARD_FIELDS to the templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Expression } from 'adaptive-expressions';
import { CARD_FIELDS } from '../../src/views/card-models';

const CARDS = join(__dirname, '..', '..', 'cards');
const EXPRESSION = /\$\{([^}]*)\}/g;

/** Memory paths an Adaptive Expression reads (functions and literals are not paths). */
function references(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].flatMap((m) => Expression.parse(m[1]!).references());
}

/**
 * A reference as a path from the card's data: a bare name is read from the current `$data` (the
 * root, or the row a `$data` list repeats over); `$root.` from the root; `$index` is no data.
 * Rows are written `list[]`, so `rows[].number` is the `number` of each row of `rows`.
 */
function resolve(reference: string, scope: string): string | undefined {
  const path = reference.replace(/\[\d+\]/g, '[]');
  if (path === '$index' || path.startsWith('$host')) return undefined;
  if (path === '$data') return scope || undefined;
  if (path.startsWith('$root.')) return path.slice('$root.'.length);
  const relative = path.startsWith('$data.') ? path.slice('$data.'.length) : path;
  return scope ? `${scope}.${relative}` : relative;
}

/**
 * Walks a template the way adaptivecards-templating expands it: an object's `$data` is evaluated
 * where the object stands, and the object's other properties, `$when` included, once per row.
 */
function collect(node: unknown, scope: string, out: Set<string>): void {
  if (typeof node === 'string') {
    for (const reference of references(node)) {
      const path = resolve(reference, scope);
      if (path) out.add(path);
    }
  } else if (Array.isArray(node)) {
    for (const item of node) collect(item, scope, out);
  } else if (node && typeof node === 'object') {
    const entries = Object.entries(node);
    const $data = entries.find(([key]) => key === '$data')?.[1];
    let inner = scope;
    if (typeof $data === 'string') {
      const bound = references($data);
      if (bound.length !== 1) throw new Error(`$data should name one list: ${$data}`);
      const list = resolve(bound[0]!, scope);
      if (!list) throw new Error(`$data names no data: ${$data}`);
      out.add(list);
      inner = `${list}[]`;
    }
    for (const [key, value] of entries) if (key !== '$data') collect(value, inner, out);
  }
}

/**
 * The paths read field by field: a path that another one reads into (`values` of `values.program`,
 * `rows` of `rows[].number`) is left out, and a list of plain values (`${$data}` of `reviewLines[]`)
 * counts as read whole.
 */
function leaves(paths: Iterable<string>): string[] {
  const all = new Set([...paths].map((p) => p.replace(/\[\]$/, '')));
  return [...all].filter((p) => ![...all].some((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[]`))).sort();
}

function templatePaths(template: unknown): string[] {
  const out = new Set<string>();
  collect(template, '', out);
  return leaves(out);
}

/** CARD_FIELDS of one card as the same paths. */
function modelPaths(fields: unknown, prefix = '', out: string[] = []): string[] {
  if (fields === true) out.push(prefix);
  else if (Array.isArray(fields)) modelPaths(fields[0], `${prefix}[]`, out);
  else if (fields && typeof fields === 'object')
    for (const [key, value] of Object.entries(fields)) modelPaths(value, prefix ? `${prefix}.${key}` : key, out);
  return leaves(out);
}

const templateNames = readdirSync(CARDS)
  .filter((f) => f.endsWith('.card.json'))
  .map((f) => f.replace(/\.card\.json$/, ''))
  .sort();

describe('card models', () => {
  it('when cards/ is listed then every template has a model and every model a template', () => {
    expect(Object.keys(CARD_FIELDS).sort()).toEqual(templateNames);
  });

  it.each(Object.entries(CARD_FIELDS))(
    'when cards/%s.card.json is read then the data paths it uses are exactly the fields of its model',
    (name, fields) => {
      const template: unknown = JSON.parse(readFileSync(join(CARDS, `${name}.card.json`), 'utf8'));
      const read = templatePaths(template);
      const declared = modelPaths(fields);
      expect({
        readButNotDeclared: read.filter((p) => !declared.includes(p)),
        declaredButNotRead: declared.filter((p) => !read.includes(p)),
      }).toEqual({ readButNotDeclared: [], declaredButNotRead: [] });
    },
  );

  it('when a template nests rows, conditions and functions then the paths are those of the data it reads', () => {
    const template = {
      body: [
        { type: 'TextBlock', text: 'Hello ${user.name}, ${count(rows)} row(s)', $when: "${mode == 'full'}" },
        {
          type: 'Container',
          $data: '${rows}',
          $when: '${visible && !hidden}',
          items: [
            { type: 'TextBlock', text: '${title} (${$index}) of ${$root.heading}' },
            { type: 'Input.ChoiceSet', choices: [{ $data: '${choices}', title: '${title}', value: '${value}' }] },
          ],
        },
        { type: 'TextBlock', $data: '${lines}', text: '• ${$data}' },
      ],
      actions: [{ type: 'Action.Execute', data: '${submitData}', title: '${page + 1} of ${pages}' }],
    };
    expect(templatePaths(template)).toEqual(
      [
        'heading',
        'lines',
        'mode',
        'page',
        'pages',
        'rows[].choices[].title',
        'rows[].choices[].value',
        'rows[].hidden',
        'rows[].title',
        'rows[].visible',
        'submitData',
        'user.name',
      ].sort(),
    );
  });
});
