import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    setupFiles: ["./test/helpers/setup.ts"],
    // One process per test file: each loads LibTorch on its own, as a user's program does.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    server: {
      // The compiled package (dist/, CommonJS) is loaded by Node itself, as users load it.
      deps: { external: [/\/dist\//] },
    },
  },
});
