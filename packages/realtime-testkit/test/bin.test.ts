import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { WebSocket } from "ws"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

interface Running {
  readonly child: ChildProcess
  readonly url: string
  readonly stderr: () => string
  readonly exit: Effect.Effect<number | null>
}

/** Starts the bin (from source, through tsx) and waits for its `listening <url>` line. */
const start = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<Running, Error>((resume) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/bin.ts", ...args], {
        cwd: packageDir,
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      const exit = Effect.async<number | null>((done) => {
        if (child.exitCode !== null) done(Effect.succeed(child.exitCode))
        else child.once("exit", (code) => done(Effect.succeed(code)))
      })
      child.stderr!.on("data", (chunk) => stderr += chunk)
      child.stdout!.on("data", (chunk) => {
        stdout += chunk
        const line = stdout.split("\n")
        if (line.length > 1) {
          resume(Effect.succeed({ child, url: line[0], stderr: () => stderr, exit }))
        }
      })
      child.once("exit", (code) => resume(Effect.fail(new Error(`exited ${code} before listening: ${stderr}`))))
    }),
    ({ child }) => Effect.sync(() => child.kill("SIGKILL"))
  )

/** Runs the bin to its end and gives its exit code and stderr. */
const runToEnd = (args: ReadonlyArray<string>) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/bin.ts", ...args], { cwd: packageDir })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => stdout += chunk)
    child.stderr.on("data", (chunk) => stderr += chunk)
    child.once("exit", (code) => resume(Effect.succeed({ code, stdout, stderr })))
  })

const session = (url: string, key: string, ca?: string) =>
  Effect.async<ReadonlyArray<any>, Error>((resume) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${key}` }, ...(ca ? { ca } : {}) })
    const events: Array<any> = []
    ws.on("message", (data) => {
      const event = JSON.parse(data.toString())
      events.push(event)
      if (event.type === "session.created") {
        ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: Buffer.alloc(9_600).toString("base64") }))
        ws.send(JSON.stringify({ type: "input_audio_buffer.commit", event_id: "c_1" }))
      }
      if (event.type === "conversation.item.done") ws.close()
    })
    ws.on("close", () => resume(Effect.succeed(events)))
    ws.on("error", (error) => resume(Effect.fail(error)))
  })

const untilClosed = (url: string, ca?: string) =>
  Effect.async<{ readonly frames: ReadonlyArray<string>; readonly close: { code: number; reason: string } }, Error>(
    (resume) => {
      const ws = new WebSocket(url, { headers: { authorization: "Bearer k" }, ...(ca ? { ca } : {}) })
      const frames: Array<string> = []
      ws.on("message", (data) => frames.push(data.toString()))
      ws.on("close", (code, reason) => resume(Effect.succeed({ frames, close: { code, reason: reason.toString() } })))
      ws.on("error", (error) => resume(Effect.fail(error)))
    }
  )

describe("realtime-testkit bin", () => {
  it.scopedLive("prints `listening <url>`, serves, records every frame and exits 0 on SIGTERM", () =>
    Effect.gen(function*() {
      const record = join(mkdtempSync(join(tmpdir(), "testkit-bin-")), "frames.jsonl")
      const bin = yield* start(["--port", "0", "--key", "sk-bin", "--record", record])
      assert.match(bin.url, /^listening http:\/\/127\.0\.0\.1:\d+\/v1$/)
      const base = bin.url.slice("listening ".length)
      const events = yield* session(`${base.replace("http", "ws")}/realtime?model=gpt-realtime`, "sk-bin")
      assert.deepStrictEqual(events.map((event) => event.type), [
        "session.created",
        "input_audio_buffer.committed",
        "conversation.item.added",
        "conversation.item.done"
      ])
      const refused = yield* Effect.flip(session(`${base.replace("http", "ws")}/realtime?model=gpt-realtime`, "nope"))
      assert.include(refused.message, "401")
      bin.child.kill("SIGTERM")
      assert.strictEqual(yield* bin.exit, 0)
      const lines = readFileSync(record, "utf8").trim().split("\n").map((line) => JSON.parse(line))
      assert.deepStrictEqual(lines.map((line) => [line.direction, line.event.type]), [
        ["out", "session.created"],
        ["in", "input_audio_buffer.append"],
        ["in", "input_audio_buffer.commit"],
        ["out", "input_audio_buffer.committed"],
        ["out", "conversation.item.added"],
        ["out", "conversation.item.done"]
      ])
      assert.strictEqual(lines[1].event.audioBytes, 9_600)
      assert.isTrue(lines.every((line) => line.connection === 0 && typeof line.at === "number"))
    }))

  it.scopedLive("--tls serves wss: with a certificate a client can trust (--cert-out); faults from flags", () =>
    Effect.gen(function*() {
      const certFile = join(mkdtempSync(join(tmpdir(), "testkit-bin-")), "cert.pem")
      const bin = yield* start([
        "--tls",
        "--cert-out",
        certFile,
        "--session-limit",
        "0.5",
        "--refuse",
        "1",
        "--garbage",
        "1"
      ])
      assert.match(bin.url, /^listening https:\/\/127\.0\.0\.1:\d+\/v1$/)
      const wss = `${bin.url.slice("listening ".length).replace("https", "wss")}/realtime?model=gpt-realtime`
      const ca = readFileSync(certFile, "utf8")
      const untrusted = yield* Effect.flip(untilClosed(wss))
      assert.match(untrusted.message, /self[- ]signed/i)
      const refused = yield* Effect.flip(untilClosed(wss, ca))
      assert.include(refused.message, "503")
      const { close, frames } = yield* untilClosed(wss, ca)
      assert.deepStrictEqual(frames.map((frame) => frame.startsWith("{") ? JSON.parse(frame).type : "(garbage)"), [
        "session.created",
        "(garbage)",
        "error"
      ])
      assert.deepStrictEqual(close, { code: 1001, reason: "Your session hit the maximum duration of 0.5 seconds." })
      bin.child.kill("SIGINT")
      assert.strictEqual(yield* bin.exit, 0)
    }))

  it.live("bad flags get one line and a non-zero exit", () =>
    Effect.gen(function*() {
      const negative = yield* runToEnd(["--session-limit", "-1"])
      assert.notStrictEqual(negative.code, 0)
      assert.strictEqual(negative.stderr, "realtime-testkit: --session-limit must be a positive number, got -1\n")
      const half = yield* runToEnd(["--cert", "package.json"])
      assert.notStrictEqual(half.code, 0)
      assert.strictEqual(half.stderr, "realtime-testkit: --cert and --cert-key go together\n")
    }))
})
