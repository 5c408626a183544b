import { defineConfig } from "vitest/config";

// Unit tests sit next to the code they test (src/**, emulator/**); end-to-end flows through the
// Slack emulator live in test/ and run against SQLite and PostgreSQL (see test/support/databases.ts).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "emulator/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
