import type { Request, Response, Server } from 'restify';

const PAGES: Readonly<Record<string, { title: string; body: string }>> = {
  '/': {
    title: 'Co-op Claims for Microsoft Teams',
    body: 'Create and manage incentives co-op claims in Teams: claims, proof of execution, reviews and payments in one conversation. Add the app to a team and type <code>help</code>.',
  },
  '/privacy': {
    title: 'Privacy',
    body: "The bot stores what you give it to manage co-op claims — claims, comments, documents and who did what, with your Teams name and ids — in your organisation's database and storage account. It shares nothing with third parties. Your incentives admin can export or delete your organisation's data.",
  },
  '/terms': {
    title: 'Terms of use',
    body: "Use the bot for your organisation's co-op claims only. Documents you upload must be yours to share with your organisation and its reviewers. Your organisation's agreement with its incentives programs applies.",
  },
};

/** The app's website, privacy and terms pages that the Teams manifest links to. */
export function registerPages(server: Server): void {
  for (const [path, page] of Object.entries(PAGES)) {
    server.get(path, async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=3600' });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${page.title}</title></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5"><h1>${page.title}</h1><p>${page.body}</p></body></html>`,
      );
    });
  }
}
