# syntax=docker/dockerfile:1
# Co-op Claims bot: build stage (full install, TypeScript compile) → slim runtime (production
# dependencies only: no Azurite, no jongodb, no tooling), running as the unprivileged `node` user (uid 1000).
#   docker build -t coop-claims-bot .
#   docker run -p 3978:3978 --env-file .env coop-claims-bot
# The runtime needs MONGODB_URI and AZURE_STORAGE_ACCOUNT_URL (or a connection string): the embedded
# development engines are not in the image.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.app.json ./
COPY src ./src
RUN node node_modules/typescript/bin/tsc -p tsconfig.app.json

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The same install test/bot/production-start.test.ts starts the bot from.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY cards ./cards
# The container is the network boundary: listen on every interface and let the platform's ingress
# decide who reaches the port.
ENV HOST=0.0.0.0 \
  PORT=3978
EXPOSE 3978
# The image's unprivileged `node` user, by number so runAsNonRoot policies can verify it.
USER 1000:1000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
