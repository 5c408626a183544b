import type { z } from "zod";

/** A configuration problem: start-up stops and prints every field with the problem and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Array<{ field: string; problem: string }>,
  ) {
    super(
      `Invalid configuration in ${source}:\n` +
        problems.map((p) => `  - ${p.field || "(top level)"}: ${p.problem}`).join("\n"),
    );
    this.name = "ConfigError";
  }

  static fromZod(source: string, error: z.ZodError): ConfigError {
    return new ConfigError(
      source,
      error.issues.map((issue) => ({ field: formatPath(issue.path), problem: issue.message })),
    );
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}
