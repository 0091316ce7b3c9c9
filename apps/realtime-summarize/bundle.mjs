/**
 * Bundles the CLI for plain `node`: the program (`src/bin.ts`, every dependency inlined and tree-shaken) into one
 * CommonJS script, `dist/bundle.cjs`, and the bin that runs it, `dist/realtime-summarize.cjs` (`src/launch.ts`),
 * then makes the V8 code cache the bin runs it from (`dist/bundle.code-cache`) by running the bin once, with the
 * node flags of its shebang, over the testkit's speech sample against the local simulator: the cache then holds
 * the code of a whole run, which starts 25 ms of CPU sooner than from a cache of `--version` alone. Without
 * ffmpeg that run fails, and the cache holds what it compiled until then. The workspace packages are read from their
 * sources (the `@pkg/source` condition), so the bundle does not depend on their `dist/`.
 *
 * One script rather than ES modules: Node 20 caches the compiled code of no module, and V8 caches a script's.
 * The code of a run that `--help` does not need (the summariser, the client, their Schemas) is still only
 * evaluated by a run: esbuild initialises a dynamically imported module when it is imported.
 */
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import { execFile } from "node:child_process"
import { chmodSync, existsSync, readFileSync, rmSync } from "node:fs"
import process from "node:process"
import { fileURLToPath, URL } from "node:url"
import { promisify } from "node:util"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const bin = here("dist/realtime-summarize.cjs")
const cache = here("dist/bundle.code-cache")

// what earlier builds wrote: the chunks of ES module bundles, the ES module bin and its bundle's cache
for (const stale of ["dist/chunks", "dist/realtime-summarize.js", "dist/realtime-summarize.code-cache"]) {
  rmSync(here(stale), { recursive: true, force: true })
}
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
  outfile: here("dist/bundle.cjs"),
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
  format: "cjs"
})
chmodSync(bin, 0o755)

/** The node flags of the bin's shebang (`#!/usr/bin/env -S node <flags>`): V8 refuses a cache made under others. */
const nodeFlags = (readFileSync(bin, "utf8").split("\n", 1)[0].match(/env -S node (.*)$/)?.[1] ?? "")
  .split(" ")
  .filter((flag) => flag !== "")

const run = (args) =>
  promisify(execFile)(process.execPath, [...nodeFlags, bin, ...args], {
    env: { ...process.env, REALTIME_SUMMARIZE_WRITE_CODE_CACHE: "1" },
    maxBuffer: 16 * 1024 * 1024
  })

// The simulator answers in this process while the bin runs in its own.
const sampleRun = Effect.gen(function*() {
  const server = yield* RealtimeTestServer.make()
  yield* Effect.tryPromise(() =>
    run(["--url", speechSamplePath, "--base-url", server.baseUrl, "--api-key", "code-cache", "--format", "json"])
  )
}).pipe(Effect.scoped)

const made = await Effect.runPromise(Effect.either(sampleRun))
if (made._tag === "Left") {
  const stderr = String(made.left.error?.stderr ?? made.left.error ?? "").trim().split("\n").at(-1)
  process.stderr.write(`bundle.mjs: the code cache holds only what a failed run compiled: ${stderr}\n`)
}
if (!existsSync(cache)) await run(["--version"])
