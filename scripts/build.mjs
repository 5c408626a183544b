// `npm run build`: compiles the bot and its command-line tools to JavaScript in dist/ (one esbuild
// bundle of our code and the packages it uses, split so each database provider's client is its own
// chunk, loaded only for that provider). `npm start` and the CLI scripts run dist/ with node.
//
// Without esbuild (an install without dev dependencies, e.g. the container image) an existing
// build is used as it is.
//
// `bundle` is also what the benchmark compiles its sweeps child with (scripts/bench/index.ts), so
// a sweep is measured as production runs it; importing this module builds nothing.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const entryPoints = {
  main: "src/main.ts",
  "cli/migrate": "src/cli/migrate.ts",
  "cli/audit-verify": "src/cli/audit-verify.ts",
  "cli/export": "src/cli/export.ts",
  "cli/report": "src/cli/report.ts",
  "cli/job": "src/cli/job.ts",
};

/**
 * The packages dist/ loads from node_modules at run time instead of compiling them in: better-sqlite3
 * (a native addon) and pdfkit (reads its font metrics from files beside its code; loaded only for a
 * case file). A deployment of dist/ needs them and what they depend on, and nothing else of
 * node_modules (scripts/runtime-modules.mjs gathers them for the container image).
 */
export const runtimePackages = ["better-sqlite3", "pdfkit"];

/**
 * Prisma's query compiler (WebAssembly, ~1.8 MB) ships as a module exporting it as a base64 string
 * (~2.4 MB). Loaded as such, the process holds the module's source and the string, ~5 MB for good,
 * and parses and decodes them at every start. The build writes the binary beside the chunk that
 * loads it and replaces that module with one reading the file when asked. The generated client
 * calls `Buffer.from(wasm, "base64")` on the module's `wasm` export, and `Buffer.from` of an object
 * takes its `valueOf()`: here the file's bytes, copied as they are (an encoding applies to strings
 * only). Exporting the bytes themselves would keep them alive with the module, 1.8 MB for nothing.
 */
function prismaWasmAsFile(outdir) {
  const filter = /^@prisma\/client\/runtime\/query_compiler_bg\.(\w+)\.wasm-base64\.mjs$/;
  return {
    name: "prisma-wasm-as-file",
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: "prisma-wasm-as-file", pluginData: { resolveDir: args.resolveDir } }));
      build.onLoad({ filter: /.*/, namespace: "prisma-wasm-as-file" }, async (args) => {
        const provider = filter.exec(args.path)[1];
        const source = await import(pathToFileURL(createRequire(path.join(args.pluginData.resolveDir, "x.js")).resolve(args.path)).href);
        const file = `query_compiler_bg.${provider}.wasm`;
        // Chunks of dynamic imports land in chunks/ (chunkNames below): the binary goes beside them.
        fs.mkdirSync(path.join(outdir, "chunks"), { recursive: true });
        fs.writeFileSync(path.join(outdir, "chunks", file), Buffer.from(source.wasm, "base64"));
        return {
          contents: `import { readFileSync } from "node:fs";\nexport const wasm = { valueOf: () => readFileSync(new URL(${JSON.stringify(`./${file}`)}, import.meta.url)) };\n`,
          loader: "js",
        };
      });
    },
  };
}

/** Compiles `entryPoints` (paths relative to `workingDir`) into `outdir`, emptied first, as ESM whatever the nearest package.json says. */
export async function bundle(esbuild, { workingDir, entryPoints, outdir }) {
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    plugins: [prismaWasmAsFile(path.resolve(workingDir, outdir))],
    absWorkingDir: workingDir,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // The packages are bundled too: Node then reads a few files instead of resolving and loading
    // ~700 modules one by one (and lexing each CommonJS one for its exports), start-up's largest
    // cost. Not bundled: runtimePackages (above), and pg's optional native binding (not installed).
    external: [...runtimePackages, "pg-native"],
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules and
    // may read __filename/__dirname: give each output file its own, as Node gives a CommonJS module.
    banner: {
      js: [
        'import { createRequire as __renkeiRequire } from "node:module";',
        'import { fileURLToPath as __renkeiPath } from "node:url";',
        'import { dirname as __renkeiDirname } from "node:path";',
        "const require = __renkeiRequire(import.meta.url);",
        "const __filename = __renkeiPath(import.meta.url);",
        "const __dirname = __renkeiDirname(__filename);",
      ].join(" "),
    },
    // Whitespace and syntax only: the names stay, so a stack trace still names the functions (the
    // source maps beside the build give TypeScript lines). Smaller sources to parse and to keep.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  fs.writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
}

/** Run as a script (`node scripts/build.mjs`), not imported. */
const invoked = () => {
  try {
    return !!process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (invoked()) {
  const outdir = path.join(root, "dist");
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    if (fs.existsSync(path.join(outdir, "main.js"))) process.exit(0);
    console.error("esbuild is not installed and there is no build in dist/: run `npm ci` (with dev dependencies), then `npm run build`.");
    process.exit(1);
  }
  await bundle(esbuild, { workingDir: root, entryPoints, outdir });
}
