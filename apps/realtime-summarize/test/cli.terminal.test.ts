import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { liveMp3Source } from "./liveSource.js"
import { bin, decodeLog, eventually, lastClosedConnection, startCli } from "./runCli.js"

const CLEAR_LINE = "\r\x1b[2K"
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`

/**
 * Runs the CLI under a pseudo-terminal (util-linux `script`), with `redirect` appended to its command
 * line; returns what the terminal showed and the exit code.
 */
const underTerminal = (args: ReadonlyArray<string>, redirect: string, env: Record<string, string>) =>
  Effect.async<{ readonly terminal: string; readonly code: number | null }>((resume) => {
    const command = [process.execPath, "--import", "tsx", bin, ...args].map(quote).join(" ")
    const baseEnv: Record<string, string | undefined> = { ...process.env, TERM: "xterm-256color" }
    delete baseEnv.NO_COLOR
    const child = spawn("script", ["-qfec", `stty cols 100 rows 40; exec ${command} ${redirect}`, "/dev/null"], {
      env: { ...baseEnv, ...env },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let terminal = ""
    child.stdout.on("data", (chunk: Buffer) => (terminal += chunk.toString("utf8")))
    child.on("close", (code) => resume(Effect.succeed({ terminal, code })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("on a terminal", () => {
  layer(RealtimeTestServer.layer(), { excludeTestServices: true })(
    "under a pseudo-terminal",
    (it) => {
      it.effect("the status line is drawn on stderr and erased at the end; stdout stays clean text", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const out = join(mkdtempSync(join(tmpdir(), "cli-")), "stdout.txt")
          const { code, terminal } = yield* underTerminal(
            ["--url", speechSamplePath, "--base-url", server.baseUrl],
            `> ${quote(out)}`,
            { OPENAI_API_KEY: "sk-terminal" }
          )
          assert.strictEqual(code, 0, terminal)
          assert.include(terminal, `${CLEAR_LINE}\x1b[2mconnecting…`)
          // eslint-disable-next-line no-control-regex
          assert.match(terminal, /\x1b\[2m(listening|summarising) · 0:\d\d heard · next summary in 0:\d\d/)
          assert.isTrue(terminal.endsWith(CLEAR_LINE), "the status line is erased at the end")
          const stdout = readFileSync(out, "utf8")
          assert.match(stdout, /^── Summary 1 · /)
          assert.include(stdout, "── Summary 3 · ")
          assert.notInclude(stdout, "\x1b")
          assert.notInclude(stdout, "heard")
        }))

      it.effect("text on the terminal is coloured, and not with NO_COLOR", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const args = ["--url", speechSamplePath, "--base-url", server.baseUrl, "--summary-interval", "30"]
          const coloured = yield* underTerminal(args, "", { OPENAI_API_KEY: "sk-terminal" })
          assert.strictEqual(coloured.code, 0, coloured.terminal)
          assert.include(coloured.terminal, "\x1b[1m\x1b[36m── Summary 1 · ")
          const plain = yield* underTerminal(args, "", { OPENAI_API_KEY: "sk-terminal", NO_COLOR: "1" })
          assert.strictEqual(plain.code, 0, plain.terminal)
          assert.include(plain.terminal, "── Summary 1 · ")
          assert.notMatch(plain.terminal, SGR)
        }))
    }
  )
})

describe("a closed stdout", () => {
  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("| head -1", (it) => {
    it.scoped("ends the run quietly with exit 0: the session closed, ffmpeg stopped", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const source = yield* liveMp3Source(speechSamplePath)
        const args = ["--url", source.url, "--base-url", server.baseUrl, "--format", "json", "--summary-interval", "3"]
        const cli = yield* startCli(args, { OPENAI_API_KEY: "sk-pipe" })
        // what `head -1` does: read one line, then close the pipe
        yield* eventually(Effect.filterOrFail(Effect.sync(cli.stdout), (text) => text.includes("\n")))
        cli.child.stdout.destroy()
        assert.strictEqual(yield* cli.exited.pipe(Effect.timeout("15 seconds")), 0)
        assert.strictEqual(cli.stderr(), "")
        const [start] = yield* decodeLog(cli.stdout().split("\n")[0]!)
        assert.strictEqual(start?.type, "start")
        const connection = yield* lastClosedConnection(server)
        assert.strictEqual(connection.closeCode, 1000)
        assert.isAbove((yield* server.audio()).length, 0)
      }))
  })
})
