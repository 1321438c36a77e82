import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    // Native modules (better-sqlite3, argon2) and worker threads do not mix.
    pool: "forks",
    environment: "node",
    setupFiles: ["tests/unit/setup.ts"],
    testTimeout: 30_000,
    // In CI (one run on a shared machine, as Playwright's retries there): a test that fails once
    // runs once more, and its first failure stays in the log. Locally every failure counts.
    retry: process.env.CI ? 1 : 0,
  },
});
