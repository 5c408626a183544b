// The house rules of the source tree, checked: layers never import upwards, only src/store sees
// Prisma, and Block Kit is built only in src/slack/views (see docs/architecture.md).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.dirname(new URL(import.meta.url).pathname);

/** Lower numbers sit lower: a file may import its own layer and the layers below it. */
const LAYERS: Record<string, number> = {
  domain: 0,
  "logger.ts": 0,
  health: 0,
  metrics: 0,
  i18n: 1,
  charts: 1,
  config: 2,
  store: 3,
  effects: 4,
  app: 5,
  slack: 6,
  jobs: 7,
  sandbox: 8,
  dev: 8,
  cli: 8,
  "compose.ts": 8,
  "main.ts": 9,
};

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

const rel = (p: string) => path.relative(SRC, p);
const layerOf = (p: string) => {
  const top = rel(p).split(path.sep)[0]!;
  return LAYERS[top] !== undefined ? top : LAYERS[`${top}.ts`] !== undefined ? `${top}.ts` : top;
};
const imports = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);

describe("the source tree", () => {
  const files = sourceFiles();

  it("knows the layer of every top-level folder", () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => LAYERS[l] === undefined);
    expect(unknown).toEqual([]);
  });

  it("never imports from a higher layer", () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (rel(target).startsWith("generated")) continue;
        const [from, to] = [layerOf(file), layerOf(target)];
        if (LAYERS[to]! > LAYERS[from]!) upward.push(`${rel(file)} (${from}) -> ${rel(target)} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("keeps the domain free of Slack, Prisma and Node's I/O", () => {
    const offending = files
      .filter((f) => layerOf(f) === "domain")
      .flatMap((f) => imports(f).filter((s) => /^(@slack|@prisma|prisma|node:(fs|http|net|child_process))/.test(s)).map((s) => `${rel(f)}: ${s}`));
    expect(offending).toEqual([]);
  });

  it("lets only src/store reach Prisma", () => {
    const offending = files
      .filter((f) => layerOf(f) !== "store")
      .flatMap((f) => {
        const text = fs.readFileSync(f, "utf8");
        const viaImport = imports(f).some((s) => s.startsWith("@prisma") || s.includes("/generated/"));
        return viaImport || /\bstore\.db\b|\.db\.\$transaction|\bctx\.store\.db\b/.test(text) ? [rel(f)] : [];
      });
    expect(offending).toEqual([]);
  });

  it("builds Block Kit only in src/slack/views", () => {
    const blockLiteral = /\btype:\s*"(section|actions|header|context|divider|input|modal|home)"/;
    const offending = files.filter((f) => !rel(f).startsWith(path.join("slack", "views")) && blockLiteral.test(fs.readFileSync(f, "utf8"))).map(rel);
    expect(offending).toEqual([]);
  });
});
