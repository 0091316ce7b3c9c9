/**
 * A day of audio through the summariser as fast as it goes, against the testkit with sessions that live a
 * couple of seconds of wall clock (so the summariser rotates them hundreds of times) and, every hour of
 * audio, one fault of each kind: a dropped socket, a session that expires (session_expired, close 1001), a
 * refused handshake (503), a rate-limit error on a response, garbage frames, and a server that stops
 * answering. Prints the audio decoded against the audio summarised or reported as a gap, the rotations,
 * reconnects and gaps, and the memory of the summarising process (the server runs in this one, the
 * summariser in a child process of its own, so that only its memory is measured), by hour of audio: the peak
 * RSS sampled every second, and the heap after a full collection at the end of each hour. It must stay flat
 * (the check: the peak RSS after the first hour is less than 20 MB above the first hour's).
 *
 *   pnpm build && node bench/dist/soak.bench.js [--hours 24] [--session-seconds 0.6]
 */
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import * as Selection from "@pkg/realtime-testkit/Selection"
import { tone } from "@pkg/realtime-testkit/TestAudio"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

const BYTES_PER_SECOND = 48_000
const MiB = 1024 * 1024

const { values: flags } = parseArgs({
  options: {
    hours: { type: "string", default: "24" },
    "session-seconds": { type: "string", default: "0.6" },
    child: { type: "string" }
  }
})
const hours = Number(flags.hours)
const sessionSeconds = Number(flags["session-seconds"])

/** One fault of each kind, each on its own upcoming connection (`next` is the next connection's index). */
const faultsFrom = (next: number): ReadonlyArray<RealtimeTestServer.Fault> => [
  { _tag: "DropConnection", after: "200 millis", connections: Selection.only(next) },
  {
    _tag: "CloseAfter",
    after: "300 millis",
    code: 1001,
    reason: "Your session hit the maximum duration of 60 minutes.",
    sessionExpiredError: true,
    connections: Selection.only(next + 1)
  },
  { _tag: "RefuseHandshake", status: 503, times: 1 },
  {
    _tag: "ErrorOn",
    clientEventType: "response.create",
    error: { type: "invalid_request_error", code: "rate_limit_exceeded", message: "Rate limit reached." },
    times: 1
  },
  { _tag: "SendMalformed", frames: ["not json", "{\"type\":"], connections: Selection.only(next + 2) },
  { _tag: "GoSilent", after: "200 millis", connections: Selection.only(next + 3) }
]

interface Report {
  readonly decoded: number
  readonly summarised: number
  readonly gapSeconds: number
  readonly counts: { rotated: number; reconnecting: number; gaps: number; summaries: number }
  readonly rssByHour: ReadonlyArray<number>
  readonly heapByHour: ReadonlyArray<number>
}

type Message = { readonly _tag: "hour"; readonly hour: number } | { readonly _tag: "report"; readonly report: Report }

/** The child: summarises against the server at `baseUrl`, tells the parent each new hour, reports at the end. */
const summarise = (baseUrl: string) =>
  Effect.gen(function*() {
    const client = RealtimeClient.layer({
      apiKey: Redacted.make("soak"),
      baseUrl,
      pingInterval: "200 millis",
      livenessTimeout: "1 second"
    }).pipe(Layer.provide(RealtimeSocket.layerWs))
    const summariser = yield* Summariser.make({ batchMillis: 100 }).pipe(Effect.provide(client))
    let decoded = 0
    let summarised = 0
    let gapSeconds = 0
    let hour = 0
    const counts = { rotated: 0, reconnecting: 0, gaps: 0, summaries: 0 }
    const rssByHour = [0]
    const heapByHour: Array<number> = []
    const gc = (globalThis as { gc?: () => void }).gc
    const sampler = setInterval(() => {
      rssByHour[hour] = Math.max(rssByHour[hour]!, process.memoryUsage().rss)
    }, 1000)
    const send = (message: Message) => Effect.sync(() => process.send?.(message))

    const onEvent = (event: SummaryEvent) =>
      Effect.gen(function*() {
        if (event._tag === "Session" && event.action === "rotated") counts.rotated++
        if (event._tag === "Session" && event.action === "reconnecting") counts.reconnecting++
        if (event._tag === "Gap") {
          counts.gaps++
          gapSeconds += event.end - event.start
        }
        if (event._tag !== "SummaryCompleted") return
        counts.summaries++
        summarised += event.end - event.start
        const reached = Math.floor(event.end / 3600)
        if (reached > hour) {
          gc?.()
          heapByHour.push(process.memoryUsage().heapUsed)
          hour = reached
          rssByHour[hour] = 0
          if (event.end < hours * 3600) yield* send({ _tag: "hour", hour })
        }
      })

    yield* summariser.summarise(
      tone(hours * 3600, 330).pipe(Stream.tap((chunk) => Effect.sync(() => (decoded += chunk.length))))
    ).pipe(Stream.runForEach(onEvent))
    clearInterval(sampler)
    yield* send({
      _tag: "report",
      report: { decoded, summarised, gapSeconds, counts, rssByHour: rssByHour.slice(0, hours), heapByHour }
    })
  })

/** The parent: runs the server, scripts the faults of each hour, prints the child's report. */
const serve = Effect.gen(function*() {
  const server = yield* RealtimeTestServer.make({
    sessionLimit: `${sessionSeconds} seconds`,
    maxRecordedAudioBytes: 0,
    maxRecordedEvents: 0
  })
  yield* server.script({ faults: faultsFrom(1) })
  const started = Date.now()
  const child = fork(fileURLToPath(import.meta.url), ["--hours", String(hours), "--child", server.baseUrl], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "ignore", "inherit", "ipc"]
  })
  const report = yield* Effect.async<Report, Error>((resume) => {
    let result: Report | undefined
    child.on("message", (message: Message) => {
      if (message._tag === "report") result = message.report
      else {
        Effect.runFork(Effect.flatMap(server.connections, (all) => server.script({ faults: faultsFrom(all.length) })))
      }
    })
    child.on(
      "exit",
      (code) =>
        resume(result === undefined ? Effect.fail(new Error(`the child exited with ${code}`)) : Effect.succeed(result))
    )
  })
  const { counts, decoded, gapSeconds, summarised } = report
  const mib = (bytes: number) => (bytes / MiB).toFixed(0)
  process.stdout.write(
    `${hours} h of audio in ${((Date.now() - started) / 1000).toFixed(0)} s, sessions of ${sessionSeconds} s\n` +
      `audio decoded ${(decoded / BYTES_PER_SECOND).toFixed(3)} s, summarised ${summarised.toFixed(3)} s, ` +
      `in gaps ${gapSeconds.toFixed(3)} s (${
        decoded / BYTES_PER_SECOND === summarised + gapSeconds ? "all accounted for" : "MISSING AUDIO"
      })\n` +
      `summaries ${counts.summaries}, rotations ${counts.rotated}, reconnects ${counts.reconnecting}, gaps ${counts.gaps}, ` +
      `connections ${(yield* server.connections).length}\n` +
      `summariser process, peak RSS by hour of audio (MiB): ${report.rssByHour.map(mib).join(" ")}\n` +
      `summariser process, heap after a full GC at the end of each hour (MiB): ${
        report.heapByHour.map(mib).join(" ")
      }\n`
  )
  const first = report.rssByHour[0]! / MiB
  const later = Math.max(...report.rssByHour.slice(1)) / MiB
  process.stdout.write(
    `peak RSS after the first hour: ${later.toFixed(1)} MiB against ${first.toFixed(1)} MiB in it ` +
      `(${(later - first).toFixed(1)} MiB above; flat means under 20)\n`
  )
})

const main = flags.child === undefined ? Effect.scoped(serve) : summarise(flags.child)

Effect.runPromise(main).catch((error) => {
  process.stderr.write(`soak.bench: ${String(error)}\n`)
  process.exit(1)
})
