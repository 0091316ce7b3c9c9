#!/usr/bin/env -S node --max-semi-space-size=4 --min-semi-space-size=4 --interrupt-budget=270336
// Semi-spaces of 4 MiB, fixed: the audio path allocates short-lived strings at a steady rate, and V8's default
// lets them grow to 16 MiB (35 MiB more peak RSS), while 1 MiB ones are collected four times as often. Measured
// on an hour of audio (with the replay buffer's segments and the reused burst buffers, without which the larger
// young generation only brought the full collections on sooner): 0.92x to 0.96x the CPU of 1 MiB, 9 MiB more
// peak RSS; 2 MiB took 2% more CPU than 4.
/**
 * The `realtime-summarize` bin, built as CommonJS (`dist/realtime-summarize.cjs`): Node starts an ES module
 * 13 ms of CPU later. It runs the bundled CLI (`bundle.cjs`, beside it) from the V8 code cache that the build
 * made of it (`bundle.code-cache`), so that a start does not parse and compile 600 KB of JavaScript again (Node
 * 20 caches the compiled code of no script of its own). A cache made by another V8 or under other V8 flags is
 * refused by V8, and one of another bundle is not given to it: the bundle is then compiled as usual.
 *
 * The build writes the cache by running the bin once with `REALTIME_SUMMARIZE_WRITE_CODE_CACHE=1` over a
 * speech sample against the local simulator (see `bundle.mjs`): what V8 compiled by the end of that run is
 * cached, the code of a whole run and not only of a start.
 *
 * @since 0.1.0
 */
import { isAscii } from "node:buffer"
import { createHash } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import type * as V8 from "node:v8"
import { Script } from "node:vm"

// V8 optimises a function once it has run about four times as much bytecode as by default. The CLI spends an
// hour of audio in a few hundred functions of the Effect runtime that V8's default budget all optimises,
// several of them more than once: 0.95x the CPU of the default over an hour of audio (8 pairs), with a third of
// the optimising compilations. The shebang gives it; without it, it is set here (loading `node:v8`, 1.5 ms),
// before the bundle is compiled, so that the code cache is made and used under it either way.
const INTERRUPT_BUDGET = "--interrupt-budget=270336"
if (!process.execArgv.includes(INTERRUPT_BUDGET)) {
  const v8: typeof V8 = createRequire(__filename)("node:v8")
  v8.setFlagsFromString(INTERRUPT_BUDGET)
}

const bundle = join(__dirname, "bundle.cjs")
const cacheFile = join(__dirname, "bundle.code-cache")
const DIGEST_BYTES = 32

const bytes = readFileSync(bundle)
const digest = createHash("sha256").update(bytes).digest()
// esbuild writes ASCII (it escapes the rest), which V8 holds as one byte a character when read as latin1.
const source = bytes.toString(isAscii(bytes) ? "latin1" : "utf8")

/** The cache written for this very bundle (it starts with the bundle's digest), else none. */
const cachedData = (): Buffer | undefined => {
  try {
    const cache = readFileSync(cacheFile)
    return cache.subarray(0, DIGEST_BYTES).equals(digest) ? cache.subarray(DIGEST_BYTES) : undefined
  } catch {
    return undefined
  }
}

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData: cachedData()
})
if (process.env.REALTIME_SUMMARIZE_WRITE_CODE_CACHE === "1") {
  process.once("exit", () => writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])))
}
const main = { exports: {} }
script.runInThisContext()(main.exports, createRequire(bundle), main, bundle, __dirname)
