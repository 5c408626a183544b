// The project's root folder (where package.json and the console's static files are), found by
// walking up from this module: the same answer from src/sandbox/*.ts run by tsx and from a
// bundled dist/main.js, so static files never depend on where the code was compiled to.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "renkei") return dir;
      } catch {
        /* not ours; keep walking */
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`renkei's package.json not found above ${from}`);
  }
}

/** The console's static files (HTML, JS, CSS), served as they are: no build step. */
export function consoleStaticDir(): string {
  return path.join(projectRoot(), "console");
}
