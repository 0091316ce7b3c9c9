/**
 * The compiled CLI end to end against a hand-written client (`baseline-client.mjs`: `ws` and a spawned
 * ffmpeg, the original plan's behaviour), over the same hour of speech, against the same testkit server,
 * in one run: the two alternate (A B A B …) after a warm-up pair, and each run is measured from outside by
 * GNU time (user + system CPU of the process and of the ffmpeg it waited for, wall time, peak RSS of the
 * largest process). Prints the medians, the median of the pairwise ratios (and the spread of the CPU ones),
 * what ffmpeg alone costs (it is in both), and the startup cost of `realtime-summarize --help`.
 *
 *   pnpm build && node bench/dist/cli.bench.js [--minutes 60] [--rounds 3]
 *
 * The hour of audio is the speech sample of @pkg/realtime-testkit looped by ffmpeg, made once in the
 * system's temporary folder. Needs GNU time at /usr/bin/time (Debian: apt-get install time).
 */
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

const BYTES_PER_SECOND = 48_000
const FRAME_BYTES = 960
const SUMMARY_SECONDS = 15
const STARTUP_ROUNDS = 10
const GNU_TIME = "/usr/bin/time"

const { values: flags } = parseArgs({
  options: { minutes: { type: "string", default: "60" }, rounds: { type: "string", default: "3" } }
})
const minutes = Number(flags.minutes)
const rounds = Number(flags.rounds)

const root = fileURLToPath(new URL("../../", import.meta.url))
const cli = join(root, "apps/realtime-summarize/dist/realtime-summarize.cjs")
const baseline = join(root, "bench/baseline-client.mjs")
/** The node flags of the bin's shebang (`#!/usr/bin/env -S node <flags>`). */
const cliNodeFlags = (readFileSync(cli, "utf8").split("\n", 1)[0]!.match(/env -S node (.*)$/)?.[1] ?? "")
  .split(" ")
  .filter((flag) => flag !== "")
const ffmpeg = process.env.FFMPEG_PATH ?? "ffmpeg"
const work = join(tmpdir(), "realtime-summarize-bench")

interface Usage {
  readonly cpu: number
  readonly wall: number
  readonly peakMiB: number
}

interface Run extends Usage {
  readonly code: number | null
  readonly stderr: string
}

/** Runs a command under GNU time; stdout is discarded, the end of stderr kept for the report. */
const measure = (command: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve, reject) => {
    const report = join(work, `time-${process.pid}.txt`)
    const child = spawn(GNU_TIME, ["-f", "%e %U %S %M", "-o", report, command, ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"]
    })
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000)
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const last = readFileSync(report, "utf8").trim().split("\n").at(-1) ?? ""
      const [wall, user, system, maxKiB] = last.split(" ").map(Number)
      rmSync(report, { force: true })
      resolve({ code, stderr, cpu: user + system, wall, peakMiB: maxKiB / 1024 })
    })
  })

const check = (what: string, run: Run): Run => {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}: ${run.stderr.trim().split("\n").at(-1)}`)
  return run
}

const run = (command: string, args: ReadonlyArray<string>): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] })
    child.on("error", reject)
    child.on("close", resolve)
  })

/** The speech sample looped to `minutes`, made once (MP3 frames copied, nothing re-encoded). */
const longSpeech = async (): Promise<string> => {
  const path = join(work, `speech-${minutes}min.mp3`)
  if (existsSync(path)) return path
  const code = await run(ffmpeg, [
    "-nostdin",
    "-hide_banner",
    "-loglevel",
    "error",
    "-stream_loop",
    "-1",
    "-i",
    speechSamplePath,
    "-t",
    String(minutes * 60),
    "-c",
    "copy",
    `${path}.tmp.mp3`
  ])
  if (code !== 0) throw new Error(`ffmpeg could not build ${path}`)
  rmSync(path, { force: true })
  await run("mv", [`${path}.tmp.mp3`, path])
  return path
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const medianOf = (runs: ReadonlyArray<Usage>): Usage => ({
  cpu: median(runs.map((r) => r.cpu)),
  wall: median(runs.map((r) => r.wall)),
  peakMiB: median(runs.map((r) => r.peakMiB))
})

const ratios = (a: ReadonlyArray<Usage>, b: ReadonlyArray<Usage>): Usage => ({
  cpu: median(a.map((r, i) => r.cpu / b[i]!.cpu)),
  wall: median(a.map((r, i) => r.wall / b[i]!.wall)),
  peakMiB: median(a.map((r, i) => r.peakMiB / b[i]!.peakMiB))
})

const row = (name: string, usage: Usage, extra = "") =>
  `${name.padEnd(28)}${usage.cpu.toFixed(2).padStart(8)}${usage.wall.toFixed(2).padStart(9)}${
    usage.peakMiB.toFixed(1).padStart(10)
  }${extra}`

/** What the server saw of one client run: summaries answered and audio bytes appended, per connection. */
interface Seen {
  readonly summaries: number
  readonly audioBytes: number
}

const main = async () => {
  if (!existsSync(GNU_TIME)) throw new Error(`needs GNU time at ${GNU_TIME} (Debian: apt-get install time)`)
  if (!existsSync(cli)) throw new Error(`no ${cli}: run pnpm build first`)
  mkdirSync(work, { recursive: true })
  const audio = await longSpeech()
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: "bench", NO_COLOR: "1" }
  delete env.NODE_OPTIONS

  const decode = check(
    "ffmpeg",
    await measure(ffmpeg, [...decodeArgs(audio), "-y", "/dev/null"], env)
  )
  const pcmBytes = await pcmLength(audio)
  const seconds = pcmBytes / BYTES_PER_SECOND

  const seen = new Map<number, { summaries: number; audioBytes: number }>()
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(Scope.extend(
    RealtimeTestServer.make({
      maxRecordedAudioBytes: 0,
      maxRecordedEvents: 0,
      summaryText: (request) => {
        const entry = seen.get(request.connection) ?? { summaries: 0, audioBytes: 0 }
        entry.summaries++
        entry.audioBytes = Math.max(entry.audioBytes, request.totalAudioBytes)
        seen.set(request.connection, entry)
        return RealtimeTestServer.defaultSummaryText(request)
      }
    }),
    scope
  ))

  /** Runs one client and checks with the server that it sent the whole input and got every summary. */
  const client = async (
    name: string,
    node: ReadonlyArray<string>,
    script: string,
    args: ReadonlyArray<string>
  ): Promise<Run & Seen> => {
    const before = new Set(seen.keys())
    const result = check(name, await measure(process.execPath, [...node, script, ...args], env))
    const connections = [...seen.entries()].filter(([connection]) => !before.has(connection))
    const total = connections.reduce((sum, [, entry]) => ({
      summaries: sum.summaries + entry.summaries,
      audioBytes: sum.audioBytes + entry.audioBytes
    }), { summaries: 0, audioBytes: 0 })
    if (total.audioBytes < pcmBytes - BYTES_PER_SECOND / 10) {
      throw new Error(`${name} appended ${total.audioBytes} bytes of the ${pcmBytes} ffmpeg decodes`)
    }
    if (total.summaries < Math.floor(seconds / SUMMARY_SECONDS)) {
      throw new Error(`${name} got ${total.summaries} summaries for ${seconds.toFixed(0)} s of audio`)
    }
    return { ...result, ...total }
  }
  const sourceArgs = ["--url", audio, "--base-url", server.baseUrl]
  // the CLI runs with the node flags of its bin's shebang, as `realtime-summarize` does
  const runCli = () => client("the CLI", cliNodeFlags, cli, sourceArgs)
  const runBaseline = () => client("the baseline client", [], baseline, sourceArgs)

  process.stdout.write(
    `${(seconds / 60).toFixed(1)} min of speech (${audio}, ${pcmBytes.toLocaleString("en")} bytes of PCM), ` +
      `testkit server on loopback; ${rounds} rounds, CLI and baseline alternating, after a warm-up pair\n`
  )

  const help: Array<Usage> = []
  const bare: Array<Usage> = []
  for (let i = 0; i < STARTUP_ROUNDS; i++) {
    help.push(
      check("realtime-summarize --help", await measure(process.execPath, [...cliNodeFlags, cli, "--help"], env))
    )
    bare.push(check("node", await measure(process.execPath, ["-e", ""], env)))
  }
  const startup = medianOf(help)
  const node = medianOf(bare)
  process.stdout.write(
    `startup: realtime-summarize --help ${startup.cpu.toFixed(2)} s CPU, ${startup.peakMiB.toFixed(1)} MiB peak RSS ` +
      `(median of ${STARTUP_ROUNDS}; node with no script: ${node.cpu.toFixed(2)} s, ${node.peakMiB.toFixed(1)} MiB)\n`
  )

  await runCli()
  await runBaseline()
  const a: Array<Run & Seen> = []
  const b: Array<Run & Seen> = []
  for (let round = 0; round < rounds; round++) {
    a.push(await runCli())
    b.push(await runBaseline())
  }
  await Effect.runPromise(Scope.close(scope, Exit.void))

  const seenOf = (runs: ReadonlyArray<Seen>) =>
    `${median(runs.map((r) => r.summaries)).toString().padStart(11)}${
      median(runs.map((r) => r.audioBytes)).toLocaleString("en").padStart(16)
    }`
  const ratio = ratios(a, b)
  // The pairs' spread says how far the machine's load moved the ratio during the run.
  const cpuRatios = a.map((r, i) => r.cpu / b[i]!.cpu)
  const cpuSpread = `pairs ${Math.min(...cpuRatios).toFixed(2)}x to ${Math.max(...cpuRatios).toFixed(2)}x`
  const cliMedian = medianOf(a)
  const baseMedian = medianOf(b)
  const frames = Math.ceil(pcmBytes / FRAME_BYTES)
  process.stdout.write(
    [
      `${"".padEnd(28)}${"cpu s".padStart(8)}${"wall s".padStart(9)}${"peak MiB".padStart(10)}${
        "summaries".padStart(11)
      }${"bytes sent".padStart(16)}`,
      row("CLI (median)", cliMedian, seenOf(a)),
      row("baseline client (median)", baseMedian, seenOf(b)),
      row("ffmpeg alone (in both)", decode),
      `CLI / baseline (median of the ${rounds} pairs): CPU ${ratio.cpu.toFixed(2)}x (${cpuSpread}), wall ${
        ratio.wall.toFixed(2)
      }x, peak RSS ${ratio.peakMiB.toFixed(2)}x`,
      `without ffmpeg: CPU ${((cliMedian.cpu - decode.cpu) / (baseMedian.cpu - decode.cpu)).toFixed(2)}x; ` +
      `the CLI's extra CPU is ${(((cliMedian.cpu - baseMedian.cpu) / frames) * 1e6).toFixed(1)} µs per 20 ms frame ` +
      `(${frames.toLocaleString("en")} frames), ${(cliMedian.peakMiB - baseMedian.peakMiB).toFixed(1)} MiB of RSS`,
      ""
    ].join("\n")
  )
}

/** ffmpeg decoding `audio` to the PCM the clients send (s16le, 24 kHz, mono); the output goes last. */
const decodeArgs = (
  audio: string
): ReadonlyArray<string> => ["-nostdin", "-loglevel", "error", "-i", audio, "-f", "s16le", "-ar", "24000", "-ac", "1"]

/** The exact PCM length ffmpeg decodes, read from its own count of the output. */
const pcmLength = (audio: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, [...decodeArgs(audio), "pipe:1"], { stdio: ["ignore", "pipe", "inherit"] })
    let bytes = 0
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length
    })
    child.on("error", reject)
    child.on("close", (code) => (code === 0 ? resolve(bytes) : reject(new Error(`ffmpeg exited with ${code}`))))
  })

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`cli.bench: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
