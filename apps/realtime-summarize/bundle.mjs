/**
 * Bundles the CLI for plain `node`: the program (`src/bin.ts`, every dependency inlined and tree-shaken) into one
 * CommonJS script, `dist/realtime-summarize.cjs`, and the bin that runs it, `dist/realtime-summarize.js`
 * (`src/launch.ts`), then makes the V8 code cache the bin runs it from (`dist/realtime-summarize.code-cache`) by
 * running the bin once, with the node flags of its shebang. The workspace packages are read from their sources
 * (the `@pkg/source` condition), so the bundle does not depend on their `dist/`.
 *
 * One script rather than ES modules: Node 20 caches the compiled code of no module, and V8 caches a script's.
 * The code of a run that `--help` does not need (the summariser, the client, their Schemas) is still only
 * evaluated by a run: esbuild initialises a dynamically imported module when it is imported.
 */
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import { readFileSync, rmSync } from "node:fs"
import process from "node:process"
import { fileURLToPath, URL } from "node:url"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const bin = here("dist/realtime-summarize.js")
const cache = here("dist/realtime-summarize.code-cache")

// the chunks of the ES module bundles of earlier builds
rmSync(here("dist/chunks"), { recursive: true, force: true })
rmSync(cache, { force: true })

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  logLevel: "warning"
}

await esbuild.build({
  ...common,
  entryPoints: [here("src/bin.ts")],
  outfile: here("dist/realtime-summarize.cjs"),
  format: "cjs",
  conditions: ["@pkg/source"],
  define: {
    REALTIME_SUMMARIZE_VERSION: JSON.stringify(JSON.parse(readFileSync(here("package.json"), "utf8")).version),
    "import.meta.url": "__bundleUrl"
  },
  banner: { js: "const __bundleUrl = require(\"node:url\").pathToFileURL(__filename).href;" },
  // ws loads these optional native add-ons inside a try/catch: not bundled, used when installed.
  external: ["bufferutil", "utf-8-validate"]
})

await esbuild.build({
  ...common,
  entryPoints: [here("src/launch.ts")],
  outfile: bin,
  format: "esm"
})

/** The node flags of the bin's shebang (`#!/usr/bin/env -S node <flags>`): V8 refuses a cache made under others. */
const nodeFlags = (readFileSync(bin, "utf8").split("\n", 1)[0].match(/env -S node (.*)$/)?.[1] ?? "")
  .split(" ")
  .filter((flag) => flag !== "")

execFileSync(process.execPath, [...nodeFlags, bin, "--version"], {
  env: { ...process.env, REALTIME_SUMMARIZE_WRITE_CODE_CACHE: "1" },
  stdio: ["ignore", "ignore", "inherit"]
})
