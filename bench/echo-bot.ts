/**
 * The baseline for `npm run bench`: a bare botbuilder bot on the same restify + CloudAdapter stack
 * as the claims bot, auth off, that answers a message with a small card and a card press
 * (Action.Execute) with a card. Run as its own process: `node dist/bench/echo-bot.js` (PORT).
 */
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

const card = (text: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
  actions: [{ type: 'Action.Execute', title: 'Again', verb: 'echo', data: {} }],
});

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card(`echo: ${context.activity.text}`))] });
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return {
      status: 200,
      body: {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: card(`pressed: ${String(context.activity.value?.action?.verb)}`),
      },
    };
  }
}

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication(
    {},
    new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: '' }),
  ),
);
const bot = new EchoBot();
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
