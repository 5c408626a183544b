// Types of scripts/runtime-modules.mjs for the TypeScript that imports it (the tests).
export declare function runtimeModuleLocations(cwd?: string): string[];
export declare function copyRuntimeModules(dest: string, cwd?: string): string[];
