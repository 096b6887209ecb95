import { stringify } from 'csv-stringify';
import type { Request, Response, Server } from 'restify';
import { DomainError } from '../domain/errors';
import type { ExportService } from '../domain/export.service';
import type { Logger } from '../logger';
import { safeCell } from './csv-cell';

/** GET /exports/:token — streams the CSV of a tenant's claims for a valid, unexpired link. */
export function registerExportRoute(server: Server, exports: ExportService, log: Logger): void {
  server.get('/exports/:token', async (req: Request, res: Response) => {
    const token = String(req.params.token ?? '');
    let tenantId: string;
    try {
      tenantId = await exports.redeem(token);
    } catch (err) {
      const status = err instanceof DomainError ? 403 : 500;
      if (!(err instanceof DomainError)) log.error({ err }, 'export link check failed');
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(err instanceof DomainError ? err.userMessage : 'Something went wrong. Ask for a new link with `export`.');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="claims-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
    const csv = stringify();
    csv.pipe(res);
    try {
      for await (const row of exports.rows(tenantId)) {
        // People's text (payment references…) must reach a spreadsheet as text, never as a formula.
        if (!csv.write(row.map(safeCell))) await new Promise((resolve) => csv.once('drain', resolve));
      }
      csv.end();
    } catch (err) {
      log.error({ err }, 'export failed mid-stream');
      csv.destroy();
      res.destroy();
    }
  });
}
