// Preloaded into `prisma migrate deploy` by src/store/migrate.ts. Prisma's JS (WebAssembly) schema
// engine arms a 10-second timer it never clears, so the CLI waits ~10 s on PostgreSQL after its
// work is done before it exits. Timers armed from WebAssembly are unref'd here: they still fire
// while the engine works (its database connection keeps the process alive) but no longer hold the
// process open once it is done. Remove when the engine clears its timer.
"use strict";
const arm = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(callback, ms, ...args) {
  const timer = arm(callback, ms, ...args);
  if (typeof ms === "number" && ms >= 1000 && /wasm:\/\//.test(new Error().stack ?? "")) timer.unref();
  return timer;
};
