// `npm run build`: compiles the bot and its command-line tools to JavaScript in dist/ (one esbuild
// bundle of our code, split so each database provider's client is its own chunk, loaded only for
// that provider; packages stay in node_modules). `npm start` and the CLI scripts run dist/ with node.
//
// Without esbuild (an install without dev dependencies, e.g. the container image) an existing
// build is used as it is.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist");

export const entryPoints = {
  main: "src/main.ts",
  "cli/migrate": "src/cli/migrate.ts",
  "cli/audit-verify": "src/cli/audit-verify.ts",
  "cli/export": "src/cli/export.ts",
  "cli/report": "src/cli/report.ts",
  "cli/job": "src/cli/job.ts",
};

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  if (fs.existsSync(path.join(outdir, "main.js"))) process.exit(0);
  console.error("esbuild is not installed and there is no build in dist/: run `npm ci` (with dev dependencies), then `npm run build`.");
  process.exit(1);
}

fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
// dist/ is ESM whatever the nearest package.json says.
fs.writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
