# QunHQ bot image. Two stages: the first compiles src/ to dist/ with tsc (dev dependencies
# needed), the second runs `node dist/main.js` with the runtime dependencies only: no npm
# wrapper and no tsx in the running container (docs/deploy.md: ~55 MB less per account than
# `npm start`). Run it with docker compose (see docker-compose.yml), which also provides
# Redis and sets REDIS_URL.
FROM node:20-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim

# the base image's non-root user `node` owns the app directory: Wechaty writes its
# memory card (qunhq.memory-card.json) to the working directory, the bot its data to ./data
RUN mkdir -p /app/data && chown -R node:node /app
WORKDIR /app
USER node

# dependencies first, so a source change does not reinstall them; the install scripts of
# the dependencies are decided in package.json (allowScripts, docs/deploy.md)
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

# config/ (defaults), scenarios/ (the demo) and what they read are resolved from /app
COPY --chown=node:node . .
COPY --chown=node:node --from=build /build/dist ./dist

ENV NODE_ENV=production

# node itself receives SIGTERM (compose's `init: true` forwards it), finishes the job in
# hand and exits
CMD ["node", "dist/main.js"]
