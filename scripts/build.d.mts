// Types of scripts/build.mjs for the TypeScript that imports it (the benchmark).
export declare const entryPoints: Record<string, string>;
export declare const runtimePackages: string[];
export declare function bundle(esbuild: typeof import("esbuild"), opts: { workingDir: string; entryPoints: Record<string, string>; outdir: string }): Promise<void>;
