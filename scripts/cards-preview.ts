/**
 * `npm run cards:preview`: renders every card template with sample data (scripts/lib/card-samples.ts,
 * through the real views) to docs/cards/*.png, using the Adaptive Cards JS renderer (`adaptivecards`)
 * in headless Chromium with a Teams-like host config, and writes docs/cards/README.md — the
 * Markdown to paste into the project README. Fails if a template in cards/ has no sample.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { CardRenderer, findUnresolved, type Card } from '../src/views/render-card';
import { cardSamples, type CardSample } from './lib/card-samples';
import { launchChromium } from './lib/chromium';
import { repoRoot } from './lib/root';
import { TEAMS_CARD_CSS, TEAMS_HOST_CONFIG } from './lib/teams-host-config';

/** Teams shows a card in a chat at most about this wide. */
const CARD_WIDTH = 480;

const markdown = new MarkdownIt({ html: false, linkify: false, breaks: false });

/**
 * Adaptive Cards ask the host to turn Markdown into HTML, synchronously, in the page. Every string of
 * the card is rendered here with markdown-it and handed to the page as a lookup table.
 */
function markdownTable(card: Card): Record<string, string> {
  const table: Record<string, string> = {};
  const walk = (n: unknown) => {
    if (typeof n === 'string') {
      const html = markdown.render(n).trim();
      // A single paragraph stays inline, as in Teams.
      table[n] = /^<p>[\s\S]*<\/p>$/.test(html) && html.indexOf('<p>', 1) === -1 ? html.slice(3, -4) : html;
    } else if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') Object.values(n).forEach(walk);
  };
  walk(card);
  return table;
}

function readmeSnippet(samples: readonly CardSample[]): string {
  const rows: string[] = [];
  for (let i = 0; i < samples.length; i += 2) {
    const pair = samples.slice(i, i + 2);
    rows.push(
      `| ${pair.map((s) => `**${s.title}**<br><img src="docs/cards/${s.file}.png" alt="${s.title.replace(/[`"]/g, '')}" width="400">`).join(' | ')}${pair.length === 1 ? ' | ' : ''} |`,
    );
  }
  return [
    '## Cards',
    '',
    'What people see in Teams: every card template (`cards/*.card.json`) rendered through its view',
    '(`src/views/*.view.ts`) with sample data by the Adaptive Cards JS renderer and a Teams-like host config.',
    'Regenerate with `npm run cards:preview`.',
    '',
    '| | |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = join(root, 'docs', 'cards');
  const renderer = new CardRenderer();
  const samples = cardSamples(renderer);

  const problems: string[] = [];
  const covered = new Set(samples.map((s) => s.template));
  for (const name of renderer.names())
    if (!covered.has(name as CardSample['template']))
      problems.push(`cards/${name}.card.json has no sample in scripts/lib/card-samples.ts`);
  for (const s of samples) {
    const left = findUnresolved(s.card);
    if (left) problems.push(`sample "${s.file}" leaves a template expression unresolved: ${left.slice(0, 120)}`);
  }

  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.png')) rmSync(join(outDir, f));

  const started = Date.now();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: CARD_WIDTH + 64, height: 800 }, deviceScaleFactor: 1 });
    await page.route(/^https?:\/\//, (route) => route.abort());
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${TEAMS_CARD_CSS}</style></head><body><div id="stage"></div></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    for (const sample of samples) {
      const warnings = await page.evaluate(
        ({ card, hostConfig, md, width }) => {
          // Runs in the page (the project has no DOM typings): the renderer's API is untyped here.
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const page = globalThis as unknown as { AdaptiveCards: any; document: any };
          const AC = page.AdaptiveCards;
          AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
            result.outputHtml =
              md[text] ?? text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
            result.didProcess = true;
          };
          const adaptive = new AC.AdaptiveCard();
          adaptive.hostConfig = new AC.HostConfig(hostConfig);
          const context = new AC.SerializationContext();
          adaptive.parse(card, context);
          const stage = page.document.getElementById('stage');
          stage.innerHTML = '';
          const frame = page.document.createElement('div');
          frame.className = 'teams-message';
          frame.style.width = `${width}px`;
          const element = adaptive.render();
          if (!element) throw new Error('the renderer returned nothing');
          frame.appendChild(element);
          stage.appendChild(frame);
          const events: string[] = [];
          for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
          return events;
        },
        { card: sample.card, hostConfig: TEAMS_HOST_CONFIG, md: markdownTable(sample.card), width: CARD_WIDTH },
      );
      for (const w of warnings) process.stdout.write(`  note (${sample.file}): ${w}\n`);
      const file = join(outDir, `${sample.file}.png`);
      mkdirSync(dirname(file), { recursive: true });
      await page.locator('#stage').screenshot({ path: file });
      process.stdout.write(`docs/cards/${sample.file}.png  ${sample.title}\n`);
    }
  } finally {
    await browser.close();
  }

  const snippet = readmeSnippet(samples);
  writeFileSync(
    join(outDir, 'README.md'),
    `<!-- Generated by npm run cards:preview: paste into the project README. -->\n${snippet}`,
  );
  process.stdout.write(
    `\n${samples.length} previews in ${Date.now() - started} ms. README snippet (also in docs/cards/README.md):\n\n${snippet}\n`,
  );
  if (problems.length > 0) {
    process.stderr.write(`\nCard previews are incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cards:preview failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
