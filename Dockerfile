# syntax=docker/dockerfile:1
# renkei's container image: built in one stage (all dependencies, `npm run build`), run in a small
# one as the unprivileged `node` user with `node dist/main.js` (no TypeScript at run time). The
# build compiles the packages it uses into dist/; the image's node_modules holds only the few it
# loads at run time (scripts/runtime-modules.mjs). See README, "Deploying".

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform (or none can be
# downloaded), against this image's own Node headers: nothing is fetched from Node's release
# servers, which a network without internet access cannot reach.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json prisma.config.ts prisma.postgres.config.ts ./
COPY prisma ./prisma
COPY scripts/generate-clients.mjs scripts/build.mjs scripts/runtime-modules.mjs ./scripts/
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
# The Slack emulator behind the sandbox console (`npm start` without a Slack app) is compiled in.
COPY emulator ./emulator
RUN npm run build && node scripts/runtime-modules.mjs /runtime

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/data/renkei.db \
    RENKEI_CONFIG=/config/renkei.yml
WORKDIR /app
# The case file's PDF is set in Noto Sans CJK's regular face (caseFile.fontPath's default is this
# package's file); the package's other faces (bold, serif: 70 MB) are not used.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk \
  && find /usr/share/fonts/opentype/noto -type f ! -name NotoSansCJK-Regular.ttc -delete \
  && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The migrations (node dist/cli/migrate.js applies them).
COPY prisma ./prisma
# /data holds the SQLite file when no PostgreSQL is configured (mount a volume there).
RUN mkdir -p /data /config && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The Node options of `npm start` (package.json; a test keeps them equal): see README, Build and run.
CMD ["node", "--max-semi-space-size=4", "--v8-pool-size=1", "dist/main.js"]
