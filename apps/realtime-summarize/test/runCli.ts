import type * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as EventLog from "../src/EventLog.js"

export const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cleanEnv = (env: Readonly<Record<string, string | undefined>>) => {
  const base: Record<string, string | undefined> = { ...process.env }
  for (const name of Object.keys(base)) {
    if (name.startsWith("OPENAI_") || name.startsWith("REALTIME_SUMMARIZE_")) delete base[name]
  }
  return { ...base, NO_COLOR: "1", ...env }
}

/** Runs the real CLI in a child process (tsx), as a user would, to its end. */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = {}
): Effect.Effect<CliRun> =>
  Effect.async<CliRun>((resume) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], {
      env: cleanEnv(env),
      stdio: ["ignore", "pipe", "pipe"]
    })
    const stdout: Array<Buffer> = []
    const stderr: Array<Buffer> = []
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk))
    child.on("close", (code) =>
      resume(Effect.succeed({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8")
      })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Effect.Effect<number | null>
}

/** Starts the real CLI; it is killed when the scope closes, if it still runs. */
export const startCli = (args: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>> = {}) =>
  Effect.acquireRelease(
    Effect.sync((): RunningCli => {
      const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], { env: cleanEnv(env) })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
      const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
      return { child, stdout: () => stdout, stderr: () => stderr, exited: Effect.promise(() => exit) }
    }),
    ({ child }) => Effect.sync(() => child.kill("SIGKILL"))
  )

/** Waits (up to 30 s) until `check` holds. */
export const eventually = <A>(check: Effect.Effect<A, unknown>) =>
  check.pipe(Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("30 seconds"))), Effect.orDie)

/**
 * The server's record of the last connection once its close is recorded: the CLI exits after the closing
 * handshake, and the server notes the close when the socket ends, a moment later.
 */
export const lastClosedConnection = (server: RealtimeTestServer.TestServer) =>
  eventually(Effect.flatMap(server.connections, (connections) => {
    const last = connections.at(-1)
    return last?.closeCode === undefined ? Effect.fail("not closed yet") : Effect.succeed(last)
  }))

/** The lines of an event log, each decoded with the Schema (a line that is not valid fails). */
export const decodeLog = (text: string) =>
  Effect.forEach(text.trim().split("\n"), (line) => EventLog.decode(line), { concurrency: 1 }).pipe(Effect.orDie)

/** The `at` of each line is not earlier than the one before. */
export const isChronological = (lines: ReadonlyArray<EventLog.Line>) =>
  lines.every((line, i) => i === 0 || line.at.epochMillis >= lines[i - 1]!.at.epochMillis)

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export const ffmpegChildrenOf = (pid: number): Array<number> => {
  try {
    return execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([, command]) => command === "ffmpeg")
      .map(([child]) => Number(child))
  } catch {
    return []
  }
}

/** Decodes a file with plain ffmpeg, independently of @pkg/audio-capture. */
export const decodeWithFfmpeg = (path: string): Effect.Effect<Uint8Array> =>
  Effect.async<Uint8Array>((resume) => {
    const child = spawn(process.env.FFMPEG_PATH ?? "ffmpeg", [
      "-nostdin",
      "-hide_banner",
      "-loglevel",
      "error",
      "-i",
      path,
      "-vn",
      "-f",
      "s16le",
      "-acodec",
      "pcm_s16le",
      "-ar",
      "24000",
      "-ac",
      "1",
      "pipe:1"
    ], { stdio: ["ignore", "pipe", "inherit"] })
    const chunks: Array<Buffer> = []
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk))
    child.on("close", () => resume(Effect.succeed(new Uint8Array(Buffer.concat(chunks)))))
  })
