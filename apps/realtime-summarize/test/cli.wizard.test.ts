import { assert, describe, it, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { stripAnsi } from "../src/Style.js"
import { display } from "../src/Wizard.js"
import { bin } from "./runCli.js"

const SECRET = "sk-typed-in-the-wizard"

/**
 * Runs `--wizard` under a pseudo-terminal and answers like a user: Enter for every flag (the source
 * and the endpoint come from the environment), the key typed at its prompt, then `answer` to "Run it
 * now?". Each answer is sent once the wizard has waited 200 ms for it.
 */
const wizard = (answer: "y" | "n", env: Record<string, string>) =>
  Effect.async<{ readonly terminal: string; readonly code: number | null }>((resume) => {
    const command = `stty cols 200 rows 50; exec '${process.execPath}' --import tsx '${bin}' --wizard`
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "inherit"]
    })
    let terminal = ""
    let answered = 0
    let idle: ReturnType<typeof setTimeout> | undefined
    const respond = () => {
      const pending = stripAnsi(terminal.slice(answered))
      answered = terminal.length
      if (/Run it now\?/.test(pending)) child.stdin.write(answer)
      else if (/The API key/.test(pending)) child.stdin.write(`${SECRET}\r`)
      else if (/›/.test(pending)) child.stdin.write("\r")
    }
    child.stdout.on("data", (chunk: Buffer) => {
      terminal += chunk.toString("utf8")
      clearTimeout(idle)
      idle = setTimeout(respond, 200)
    })
    child.on("close", (code) => {
      clearTimeout(idle)
      resume(Effect.succeed({ terminal: stripAnsi(terminal), code }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("--wizard", () => {
  it("the command it shows hides the key and any password in the source", () => {
    assert.strictEqual(
      display([
        "realtime-summarize",
        "-u",
        "https://me:pw@radio.example/live.mp3",
        "--api-key",
        "sk-1",
        "--format",
        "json"
      ]),
      "realtime-summarize -u 'https://me:***@radio.example/live.mp3' --api-key <hidden> --format json"
    )
    assert.strictEqual(
      display(["x", "--api-key=sk-1", "--instructions", "be brief"]),
      "x --api-key=<hidden> --instructions 'be brief'"
    )
  })

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("under a pseudo-terminal", (it) => {
    it.effect("n: the command is shown with the key hidden, and not run", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const { code, terminal } = yield* wizard("n", {
          REALTIME_SUMMARIZE_URL: speechSamplePath,
          REALTIME_SUMMARIZE_BASE_URL: server.baseUrl
        })
        assert.strictEqual(code, 0, terminal)
        assert.include(terminal, "The command:")
        assert.include(terminal, "--api-key <hidden>")
        assert.include(terminal, "Not run.")
        assert.notInclude(terminal, SECRET)
        assert.deepStrictEqual(yield* server.connections, [])
      }))

    it.effect("y: it runs, with the key that was typed", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        yield* server.script({ apiKey: SECRET })
        const { code, terminal } = yield* wizard("y", {
          REALTIME_SUMMARIZE_URL: speechSamplePath,
          REALTIME_SUMMARIZE_BASE_URL: server.baseUrl,
          REALTIME_SUMMARIZE_SUMMARY_INTERVAL: "60"
        })
        assert.strictEqual(code, 0, terminal)
        assert.include(terminal, "── Summary 1 · ")
        assert.notInclude(terminal, SECRET)
        assert.strictEqual((yield* server.connections).length, 1)
      }))
  })
})
