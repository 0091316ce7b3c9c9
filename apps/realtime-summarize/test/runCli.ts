import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the real CLI in a child process (tsx), as a user would. */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = {}
): Effect.Effect<CliRun> =>
  Effect.async<CliRun>((resume) => {
    const baseEnv: Record<string, string | undefined> = { ...process.env }
    delete baseEnv.OPENAI_API_KEY
    delete baseEnv.OPENAI_BASE_URL
    const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], {
      env: { ...baseEnv, NO_COLOR: "1", ...env },
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
