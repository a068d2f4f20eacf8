# QunHQ bot image. The bot runs its TypeScript directly with tsx, so all dependencies
# (dev ones included) are installed. Run it with docker compose (see docker-compose.yml),
# which also provides Redis and sets REDIS_URL.
FROM node:20-bookworm-slim

# the base image's non-root user `node` owns the app directory: Wechaty writes its
# memory card (qunhq.memory-card.json) to the working directory, the bot its data to ./data
RUN mkdir -p /app/data && chown -R node:node /app
WORKDIR /app
USER node

# dependencies first, so a source change does not reinstall them
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund \
  && npm cache clean --force

COPY --chown=node:node . .

# set after `npm ci`: with NODE_ENV=production npm would skip the dev dependencies
ENV NODE_ENV=production

# npm passes SIGTERM on to the bot (node --import tsx: no tsx CLI in between, whose relay
# force-kills a child that does not answer within 30 ms), which finishes the job in hand and exits
CMD ["npm", "start"]
