import { defineConfig } from "vitest/config"

// Options of the whole run (the projects are listed in vitest.workspace.ts): a passing test's
// console output, Effect's logs included, is dropped; a failing test's is printed with its failure.
export default defineConfig({
  test: {
    silent: "passed-only"
  }
})
