/**
 * The packages as a user gets them: `pnpm pack` every package of the workspace, `npm install` the tarballs
 * beside effect into an empty folder outside the workspace, type-check a strict consumer program that
 * imports @pkg/realtime-client and @pkg/realtime-testkit (and, type-level, every package's public API),
 * run it with plain node, check that every peer is satisfied and exactly one copy of effect is installed,
 * and run the installed `realtime-summarize`: `--help`, `--version` from the V8 code cache the build made (and
 * without it, for a bundle the cache is not of), and a whole run against the installed testkit server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const fixture = fileURLToPath(new URL("fixtures/consumer/", import.meta.url))
const codeCacheProbe = fileURLToPath(new URL("fixtures/code-cache-probe.mjs", import.meta.url))
const packageDirs = [
  "packages/audio-capture",
  "packages/byte-batcher",
  "packages/realtime-client",
  "packages/realtime-testkit",
  "packages/summariser",
  "apps/realtime-summarize"
]

/** What the user's shell gives a command: no `@pkg/source` condition from the test environment. */
const userEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" }
  delete env.NODE_OPTIONS
  return env
}

interface Output {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const exec = (command: string, args: ReadonlyArray<string>, cwd: string): Effect.Effect<Output> =>
  Effect.async<Output>((resume) => {
    const child = spawn(command, args, { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] })
    const stdout: Array<Buffer> = []
    const stderr: Array<Buffer> = []
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk))
    child.on("error", (error) => resume(Effect.succeed({ code: -1, stdout: "", stderr: String(error) })))
    child.on("close", (code) =>
      resume(Effect.succeed({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8")
      })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

/** Runs a command that must succeed, failing the test with its output otherwise. */
const succeed = (command: string, args: ReadonlyArray<string>, cwd: string) =>
  Effect.tap(exec(command, args, cwd), (output) =>
    Effect.sync(() =>
      assert.strictEqual(
        output.code,
        0,
        `${command} ${args.join(" ")} exited with ${output.code}\n${output.stdout}\n${output.stderr}`
      )
    ))

/** The installed testkit's fake Realtime server, running until the scope closes; yields its base URL. */
const testkitServer = (consumer: string) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      spawn(path.join(consumer, "node_modules", ".bin", "realtime-testkit"), ["--port", "0"], {
        cwd: consumer,
        env: userEnv(),
        stdio: ["ignore", "pipe", "inherit"]
      })
    ),
    (child) => Effect.sync(() => child.kill("SIGKILL"))
  ).pipe(Effect.flatMap((child) =>
    Effect.async<string, Error>((resume) => {
      let out = ""
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8")
        const url = /^listening (\S+)$/m.exec(out)?.[1]
        if (url !== undefined) resume(Effect.succeed(url))
      })
      child.on("close", (code) => resume(Effect.fail(new Error(`realtime-testkit exited with ${code}: ${out}`))))
    })
  ))

const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), prefix))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  )

/** Every installed copy of a package, wherever npm put it. */
const copiesOf = (dir: string, name: string): Array<string> => {
  const found: Array<string> = []
  const visit = (modules: string) => {
    if (!fs.existsSync(modules)) return
    for (const entry of fs.readdirSync(modules)) {
      const dirs = entry.startsWith("@")
        ? fs.readdirSync(path.join(modules, entry)).map((sub) => path.join(modules, entry, sub))
        : [path.join(modules, entry)]
      for (const packageDir of dirs) {
        const manifest = path.join(packageDir, "package.json")
        if (!fs.existsSync(manifest)) continue
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === name) found.push(packageDir)
        visit(path.join(packageDir, "node_modules"))
      }
    }
  }
  visit(path.join(dir, "node_modules"))
  return found
}

/** What the registry would get: `types` first in every export, no workspace condition, no workspace ranges. */
const assertPublishedManifest = (manifestPath: string) => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"))
  for (const [subpath, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
    if (target === null || typeof target !== "object") continue
    assert.deepStrictEqual(Object.keys(target), ["types", "default"], `${manifest.name} exports["${subpath}"]`)
  }
  for (const field of ["dependencies", "peerDependencies"]) {
    for (const [dependency, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
      assert.notInclude(range, "workspace:", `${manifest.name} ${field}.${dependency}`)
    }
  }
  assert.strictEqual(manifest.peerDependencies?.effect, workspaceEffectRange(), `${manifest.name} peer effect`)
  assert.isUndefined(manifest.dependencies?.effect, `${manifest.name}: effect is a peer, not a dependency`)
}

const workspaceEffectRange = (): string =>
  JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).devDependencies.effect

describe("the packed packages", () => {
  it.scopedLive("install outside the workspace beside effect, type-check, run with plain node", () =>
    Effect.gen(function*() {
      yield* succeed("pnpm", ["--silent", "build"], root)
      const tarballs = yield* tempDir("realtime-summarize-packs-")
      for (const dir of packageDirs) {
        yield* succeed("pnpm", ["pack", "--pack-destination", tarballs], path.join(root, dir))
      }
      const packed = fs.readdirSync(tarballs).filter((name) => name.endsWith(".tgz")).map((name) =>
        path.join(tarballs, name)
      )
      assert.strictEqual(packed.length, packageDirs.length)

      const consumer = yield* tempDir("realtime-summarize-consumer-")
      fs.writeFileSync(
        path.join(consumer, "package.json"),
        JSON.stringify({ name: "consumer", private: true, type: "module" })
      )
      fs.cpSync(fixture, consumer, { recursive: true })
      yield* succeed("npm", [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
        ...packed,
        `effect@${workspaceEffectRange()}`,
        "@types/node@^20"
      ], consumer)

      for (const name of fs.readdirSync(path.join(consumer, "node_modules", "@pkg"))) {
        assertPublishedManifest(path.join(consumer, "node_modules", "@pkg", name, "package.json"))
      }
      yield* succeed("npm", ["ls", "--all"], consumer)
      assert.deepStrictEqual(copiesOf(consumer, "effect"), [path.join(consumer, "node_modules", "effect")])

      const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc")
      yield* succeed(process.execPath, [tsc, "-p", "tsconfig.json"], consumer)
      const run = yield* succeed(process.execPath, ["dist/main.js"], consumer)
      assert.match(run.stdout, /^committed item_\w+, \d+ events received by the server$/m)
      assert.match(run.stdout, /^summary: Local simulator summary #1/m)

      const help = yield* succeed(
        path.join(consumer, "node_modules", ".bin", "realtime-summarize"),
        ["--help"],
        consumer
      )
      assert.include(help.stdout, "realtime-summarize")
      assert.include(help.stdout, "--url")
      const version = yield* succeed(
        path.join(consumer, "node_modules", ".bin", "realtime-summarize"),
        ["--version"],
        consumer
      )
      assert.strictEqual(
        version.stdout.trim(),
        JSON.parse(fs.readFileSync(path.join(root, "apps/realtime-summarize/package.json"), "utf8")).version
      )

      // the bin runs its bundle from the code cache the build made, and compiles a bundle the cache is not of
      const dist = path.join(consumer, "node_modules", "realtime-summarize", "dist")
      const bin = path.join(dist, "realtime-summarize.cjs")
      const nodeFlags = (fs.readFileSync(bin, "utf8").split("\n", 1)[0]!.match(/env -S node (.*)$/)?.[1] ?? "")
        .split(" ")
        .filter((flag) => flag !== "")
      const cached = yield* succeed(
        process.execPath,
        [...nodeFlags, "--import", codeCacheProbe, bin, "--version"],
        consumer
      )
      assert.include(cached.stderr, "code cache: used")
      const edited = yield* tempDir("realtime-summarize-edited-")
      fs.cpSync(dist, edited, { recursive: true })
      fs.appendFileSync(path.join(edited, "bundle.cjs"), "\n")
      const uncached = yield* succeed(process.execPath, [
        ...nodeFlags,
        "--import",
        codeCacheProbe,
        path.join(edited, "realtime-summarize.cjs"),
        "--version"
      ], consumer)
      assert.include(uncached.stderr, "code cache: none")
      assert.strictEqual(uncached.stdout.trim(), version.stdout.trim())

      // a whole run of the installed app (which loads the code `--help` does not) against the installed testkit
      const sample = yield* succeed(process.execPath, [
        "--input-type=module",
        "-e",
        "console.log((await import(\"@pkg/realtime-testkit/SpeechSample\")).speechSamplePath)"
      ], consumer)
      const baseUrl = yield* testkitServer(consumer)
      const summarised = yield* succeed(
        path.join(consumer, "node_modules", ".bin", "realtime-summarize"),
        ["--url", sample.stdout.trim(), "--base-url", baseUrl, "--api-key", "consumer", "--format", "json"],
        consumer
      )
      const lines = summarised.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string })
      assert.strictEqual(lines[0]?.type, "start")
      assert.isTrue(lines.some((line) => line.type === "summary"), summarised.stdout)
      assert.strictEqual(lines.at(-1)?.type, "end")
    }))
})
