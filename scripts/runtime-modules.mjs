// `node scripts/runtime-modules.mjs <dir>`: copies into <dir>/node_modules what a deployment of
// dist/ loads from node_modules: the packages the build leaves out of its bundle (runtimePackages in
// ./build.mjs) and everything they depend on, as installed here (found with `npm query` in the
// installed tree). The container image is built with it (Dockerfile): the other ~200 packages of
// the production dependencies are compiled into dist/ and would only take room.
//
// Of a native addon compiled here (a package with a binding.gyp), only what Node loads is copied:
// its JavaScript, package.json and the compiled `.node` files of build/Release; not its C sources
// (deps/, src/) nor the compiler's intermediate files (~25 MB for better-sqlite3).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runtimePackages } from "./build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The installed locations (node_modules/…) of the runtime packages and of every package they depend on. */
export function runtimeModuleLocations(cwd = root) {
  const ids = runtimePackages.map((name) => `#${name}`).join(", ");
  const found = JSON.parse(execFileSync("npm", ["query", `:is(${ids}), :is(${ids}) *`], { cwd, encoding: "utf8" }));
  const locations = [...new Set(found.map((node) => node.location))].sort();
  for (const name of runtimePackages) {
    if (!locations.includes(`node_modules/${name}`)) throw new Error(`runtime-modules: ${name} is not installed (run npm ci)`);
  }
  return locations;
}

/** Whether a file of an installed native addon (relative to its package) is loaded at run time. */
function addonFileKept(relative) {
  const parts = relative.split(path.sep);
  if (parts[0] === "deps" || parts[0] === "src") return false;
  if (parts[0] === "build") return parts.length === 1 || (parts[1] === "Release" && (parts.length === 2 || (parts.length === 3 && parts[2].endsWith(".node"))));
  return !relative.endsWith(".gyp");
}

/** Copies the runtime packages and their dependencies into `dest`/node_modules, each where it is installed; returns their locations. */
export function copyRuntimeModules(dest, cwd = root) {
  const locations = runtimeModuleLocations(cwd);
  for (const location of locations) {
    const from = path.join(cwd, location);
    const addon = fs.existsSync(path.join(from, "binding.gyp"));
    fs.cpSync(from, path.join(dest, location), {
      recursive: true,
      filter: (file) => {
        const relative = path.relative(from, file);
        // A package's own node_modules (other versions of its dependencies): those it needs are
        // in the list, copied in their turn.
        if (relative === "node_modules" || relative.startsWith(`node_modules${path.sep}`)) return false;
        return !addon || relative === "" || addonFileKept(relative);
      },
    });
  }
  return locations;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node scripts/runtime-modules.mjs <dir>   (writes <dir>/node_modules)");
    process.exit(2);
  }
  const copied = copyRuntimeModules(path.resolve(dir));
  console.log(`runtime-modules: ${copied.length} packages in ${path.join(dir, "node_modules")}`);
}
