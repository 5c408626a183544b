# syntax=docker/dockerfile:1
# renkei's container image: built in one stage (all dependencies, `npm run build`, then the dev
# dependencies pruned), run in a small one as the unprivileged `node` user with `node dist/main.js`
# (no TypeScript at run time). See README, "Deploying".

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts prisma.postgres.config.ts ./
COPY prisma ./prisma
COPY scripts/generate-clients.mjs scripts/build.mjs ./scripts/
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/data/renkei.db \
    RENKEI_CONFIG=/config/renkei.yml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json prisma.config.ts prisma.postgres.config.ts ./
COPY prisma ./prisma
# /data holds the SQLite file when no PostgreSQL is configured (mount a volume there).
RUN mkdir -p /data /config && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The Node options of `npm start` (package.json; a test keeps them equal): see README, Build and run.
CMD ["node", "--max-semi-space-size=4", "--v8-pool-size=1", "dist/main.js"]
