/**
 * The baseline for `npm run bench`: a bare botbuilder echo bot on the same restify + CloudAdapter
 * stack as the claims bot, auth off. Run as its own process: `node dist/bench/echo-bot.js` (PORT).
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication(
    {},
    new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: '' }),
  ),
);
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text}`);
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
