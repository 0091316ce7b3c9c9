import { defineConfig } from "vitest/config"
import projects from "./vitest.workspace.js"

// Options of the whole run; the projects are listed in vitest.workspace.ts. A passing test's console
// output, Effect's logs included, is dropped; a failing test's is printed with its failure.
export default defineConfig({
  test: {
    projects,
    silent: "passed-only"
  }
})
