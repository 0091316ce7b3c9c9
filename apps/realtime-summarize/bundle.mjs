/**
 * Bundles the CLI into ES modules that plain `node` runs: `dist/realtime-summarize.js` and its chunks in
 * `dist/chunks/`, every dependency inlined and tree-shaken, nothing compiled at start. The workspace packages
 * are read from their sources (the `@pkg/source` condition), so the bundle does not depend on their `dist/`.
 */
import * as esbuild from "esbuild"
import { readFileSync, rmSync } from "node:fs"
import { fileURLToPath, URL } from "node:url"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

// chunks are named by their hash: the ones of an earlier build would stay beside the new ones
rmSync(here("dist/chunks"), { recursive: true, force: true })

await esbuild.build({
  entryPoints: { "realtime-summarize": here("src/bin.ts") },
  outdir: here("dist"),
  // The run's code (the summariser, the client, their Schemas) is a chunk of its own, loaded only by a run:
  // `--help` and `--version` load the command line alone.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  conditions: ["@pkg/source"],
  define: {
    REALTIME_SUMMARIZE_VERSION: JSON.stringify(JSON.parse(readFileSync(here("package.json"), "utf8")).version)
  },
  minify: true,
  // ws loads these optional native add-ons inside a try/catch: not bundled, used when installed.
  external: ["bufferutil", "utf-8-validate"],
  // The CommonJS dependencies (ws) `require` Node's built-ins, which an ES module must create.
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
})
