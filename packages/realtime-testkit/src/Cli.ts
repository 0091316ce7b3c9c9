/**
 * The `realtime-testkit` command: a standalone fake Realtime server for any client in any language. It prints
 * `listening <base URL>` as its first stdout line and serves until SIGINT or SIGTERM.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { Behaviour, Fault } from "./Behaviour.js"
import * as Recording from "./internal/recording.js"
import * as RealtimeTestServer from "./RealtimeTestServer.js"
import * as Selection from "./Selection.js"
import type { Certificate } from "./TestServer.js"
import { ServeError } from "./TestServer.js"

const seconds = (name: string, description: string) =>
  Options.float(name).pipe(Options.optional, Options.withDescription(description))

const count = (name: string, description: string) =>
  Options.integer(name).pipe(Options.optional, Options.withDescription(description))

const options = {
  port: Options.integer("port").pipe(
    Options.withDefault(0),
    Options.withDescription("the port to listen on; 0 (the default) takes a free one")
  ),
  host: Options.text("host").pipe(
    Options.withDefault("127.0.0.1"),
    Options.withDescription("the interface to listen on")
  ),
  tls: Options.boolean("tls").pipe(
    Options.withDescription("serve https:/wss: with a self-signed certificate made at start (OpenAI's SDKs dial wss:)")
  ),
  certOut: Options.file("cert-out").pipe(
    Options.optional,
    Options.withDescription("with --tls: write the certificate made at start here (PEM), for clients to trust")
  ),
  cert: Options.file("cert", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("serve https:/wss: with this PEM certificate (with --cert-key)")
  ),
  certKey: Options.file("cert-key", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("the PEM private key of --cert")
  ),
  key: Options.redacted("key").pipe(
    Options.optional,
    Options.withDescription("the API key a client must send (Authorization: Bearer …); any key when unset")
  ),
  models: Options.text("model").pipe(
    Options.repeated,
    Options.withDescription("a model the server knows (repeatable); any other ?model= gets 404; any when unset")
  ),
  sessionLimit: seconds(
    "session-limit",
    "seconds a session lives before session_expired and close 1001 (default 3600)"
  ),
  dropAfter: seconds("drop-after", "drop each connection (no close frame: 1006) this many seconds after it opens"),
  dropFirst: count("drop-first", "with --drop-after: drop only the first N connections"),
  refuse: count("refuse", "refuse the first N handshakes (HTTP --refuse-status)"),
  refuseStatus: Options.integer("refuse-status").pipe(
    Options.withDefault(503),
    Options.withDescription("the HTTP status of --refuse (503, 429, 500, …)")
  ),
  garbage: count("garbage", "send N frames that are not JSON right after session.created, on every connection"),
  unknownEvents: count("unknown-events", "send N events of an unknown type right after session.created"),
  rateLimit: count("rate-limit", "answer the next N response.create with error rate_limit_exceeded"),
  responseDelay: seconds("response-delay", "seconds before each response.created"),
  deltaDelay: seconds("delta-delay", "seconds between two deltas"),
  transcriptionDelay: seconds("transcription-delay", "seconds between a commit and its transcription"),
  failTranscription: count("fail-transcription-every", "fail the transcription of every Nth committed item"),
  record: Options.file("record").pipe(
    Options.optional,
    Options.withDescription("write every frame in and out to this file, as JSON lines")
  ),
  recordAudio: Options.boolean("record-audio").pipe(
    Options.withDescription("with --record: keep the base64 audio of appends (by default only its size)")
  )
}

type Flags = Command.Command.ParseConfig<typeof options>

const millis = (value: Option.Option<number>) => Option.map(value, (s) => Math.round(s * 1000))

/** The faults the flags ask for. */
const faultsOf = (flags: Flags): ReadonlyArray<Fault> => {
  const faults: Array<Fault> = []
  Option.map(flags.refuse, (times) => faults.push({ _tag: "RefuseHandshake", status: flags.refuseStatus, times }))
  Option.map(millis(flags.dropAfter), (after) =>
    faults.push({
      _tag: "DropConnection",
      after,
      ...Option.match(flags.dropFirst, { onNone: () => ({}), onSome: (n) => ({ connections: Selection.first(n) }) })
    }))
  const frames = [
    ...Array.from({ length: Option.getOrElse(flags.garbage, () => 0) }, (_, i) => `garbage frame ${i + 1} {`),
    ...Array.from(
      { length: Option.getOrElse(flags.unknownEvents, () => 0) },
      (_, i) => JSON.stringify({ type: "testkit.unknown_event", event_id: `event_unknown_${i + 1}`, n: i + 1 })
    )
  ]
  if (frames.length > 0) faults.push({ _tag: "SendMalformed", frames })
  Option.map(flags.rateLimit, (times) =>
    faults.push({
      _tag: "ErrorOn",
      clientEventType: "response.create",
      times,
      error: {
        type: "rate_limit_exceeded",
        code: "rate_limit_exceeded",
        message: "Rate limit reached for requests. Please try again later."
      }
    }))
  Option.map(
    flags.failTranscription,
    (nth) => faults.push({ _tag: "FailTranscription", items: Selection.where((index) => (index + 1) % nth === 0) })
  )
  return faults
}

/** The behaviour the flags ask for. */
const behaviourOf = (flags: Flags): Partial<Behaviour> => ({
  faults: faultsOf(flags),
  apiKey: Option.getOrUndefined(Option.map(flags.key, (key) => Redacted.value(key))),
  models: flags.models.length > 0 ? flags.models : undefined,
  ...Option.match(millis(flags.sessionLimit), { onNone: () => ({}), onSome: (sessionLimit) => ({ sessionLimit }) }),
  ...Option.match(millis(flags.responseDelay), { onNone: () => ({}), onSome: (responseDelay) => ({ responseDelay }) }),
  ...Option.match(millis(flags.deltaDelay), { onNone: () => ({}), onSome: (deltaDelay) => ({ deltaDelay }) }),
  ...Option.match(millis(flags.transcriptionDelay), {
    onNone: () => ({}),
    onSome: (delay) => ({ transcriptionDelay: () => delay })
  })
})

/** The TLS certificate the flags ask for: made at start with `--tls`, read from `--cert`/`--cert-key`. */
const certificateOf = (flags: Flags) =>
  Effect.gen(function*() {
    if (Option.isNone(flags.cert) && Option.isNone(flags.certKey)) {
      return flags.tls ? Option.some(yield* RealtimeTestServer.selfSignedCertificate([flags.host])) : Option.none()
    }
    if (Option.isNone(flags.cert) || Option.isNone(flags.certKey)) {
      return yield* new UsageError({ message: "--cert and --cert-key go together" })
    }
    const fs = yield* FileSystem.FileSystem
    const read = (path: string) =>
      Effect.mapError(
        fs.readFileString(path),
        (cause) => new ServeError({ reason: "Tls", message: `Cannot read ${path}: ${cause.message}`, cause })
      )
    return Option.some<Certificate>({ cert: yield* read(flags.cert.value), key: yield* read(flags.certKey.value) })
  })

/**
 * A flag out of its range, found before the server starts.
 *
 * @since 0.2.0
 * @category errors
 */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

const validate = (flags: Flags): Effect.Effect<void, UsageError> => {
  const positive = {
    "session-limit": flags.sessionLimit,
    "drop-first": flags.dropFirst,
    "fail-transcription-every": flags.failTranscription
  }
  const nonNegative = {
    "drop-after": flags.dropAfter,
    "response-delay": flags.responseDelay,
    "delta-delay": flags.deltaDelay,
    "transcription-delay": flags.transcriptionDelay,
    "refuse": flags.refuse,
    "garbage": flags.garbage,
    "unknown-events": flags.unknownEvents,
    "rate-limit": flags.rateLimit
  }
  for (const [name, value] of Object.entries(positive)) {
    if (Option.isSome(value) && !(value.value > 0)) {
      return Effect.fail(new UsageError({ message: `--${name} must be a positive number, got ${value.value}` }))
    }
  }
  for (const [name, value] of Object.entries(nonNegative)) {
    if (Option.isSome(value) && !(value.value >= 0)) {
      return Effect.fail(new UsageError({ message: `--${name} must not be negative, got ${value.value}` }))
    }
  }
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) {
    return Effect.fail(new UsageError({ message: `--port must be between 0 and 65535, got ${flags.port}` }))
  }
  return Effect.void
}

/**
 * The command: parses the flags, starts the server, prints `listening <base URL>` and serves until
 * interrupted (SIGINT or SIGTERM through the runtime), then closes the server and the record.
 *
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("realtime-testkit", options, (flags) =>
  Effect.gen(function*() {
    yield* validate(flags)
    const tls = yield* certificateOf(flags)
    if (Option.isSome(tls) && Option.isSome(flags.certOut)) {
      const fs = yield* FileSystem.FileSystem
      const path = flags.certOut.value
      yield* Effect.mapError(
        fs.writeFileString(path, tls.value.cert),
        (cause) => new UsageError({ message: `Cannot write ${path}: ${cause.message}` })
      )
    }
    const onFrame = yield* Option.match(flags.record, {
      onNone: () => Effect.succeed(undefined),
      onSome: (path) => Recording.open(path, { keepAudio: flags.recordAudio })
    })
    const server = yield* RealtimeTestServer.serve(behaviourOf(flags), {
      host: flags.host,
      port: flags.port,
      ...(Option.isSome(tls) ? { tls: tls.value } : {}),
      ...(onFrame === undefined ? {} : { onFrame })
    })
    yield* Console.log(`listening ${server.baseUrl}`)
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
    Command.withDescription(
      "A fake OpenAI Realtime server (GA protocol) for tests: point an SDK's base URL at the printed URL."
    )
  )

/**
 * Runs the command on `process.argv`-shaped arguments.
 *
 * @since 0.2.0
 * @category commands
 */
export const run = Command.run(command, { name: "realtime-testkit", version: "0.1.0" })
