// What the one-shot commands (`npm run export`, `report`, `job`) share: reading renkei.yml with its
// problems said field by field, and the exit codes — 0 done, 2 bad arguments or configuration,
// 1 failed (with what failed, never a stack trace for a configuration error).
import { ConfigError } from "../config/config-error";
import { loadRenkeiConfig, type RenkeiConfig } from "../config/renkei-config";

/** renkei.yml (or RENKEI_CONFIG); on a configuration error prints its fields and fixes and gives null (exit 2). */
export function loadCliConfig(): RenkeiConfig | null {
  try {
    return loadRenkeiConfig(process.env.RENKEI_CONFIG?.trim() || "./renkei.yml");
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return null;
    }
    throw e;
  }
}

/** Runs a command's main and exits with its code; a failure is said in one line (1), a configuration error as itself. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof ConfigError ? e.message : `${name} failed: ${(e as Error)?.message ?? String(e)}`);
      process.exit(1);
    },
  );
}
