import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect, Schedule } from "effect"
import { execFileSync, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { liveMp3Source } from "./liveSource.js"

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const ffmpegChildrenOf = (pid: number): Array<number> => {
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

describe("Ctrl-C", () => {
  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("on a live stream", (it) => {
    it.scoped("closes the session with 1000, stops ffmpeg and exits", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const source = yield* liveMp3Source(speechSamplePath)
        const child = spawn(process.execPath, [
          "--import",
          "tsx",
          bin,
          "--url",
          source.url,
          "--base-url",
          server.baseUrl
        ], {
          env: { ...process.env, OPENAI_API_KEY: "sk-interrupt", NO_COLOR: "1" },
          stdio: ["ignore", "pipe", "pipe"]
        })
        let stderr = ""
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
        child.stdout.resume()
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
        yield* Effect.addFinalizer(() => Effect.sync(() => child.kill("SIGKILL")))

        yield* server.received.pipe(
          Effect.filterOrFail((events) => events.some((event) => event.type === "input_audio_buffer.commit")),
          Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("30 seconds")))
        )
        const ffmpeg = ffmpegChildrenOf(child.pid!)
        assert.strictEqual(ffmpeg.length, 1, "ffmpeg should be running")

        child.kill("SIGINT")
        const code = yield* Effect.promise(() => exited).pipe(Effect.timeout("15 seconds"))
        assert.strictEqual(code, 130)
        assert.strictEqual(stderr.trim(), "")

        const connection = (yield* server.connections).at(-1)!
        assert.strictEqual(connection.closeCode, 1000)
        for (const pid of ffmpeg) assert.isFalse(isAlive(pid), `ffmpeg ${pid} outlived the CLI`)
      }))
  })
})
