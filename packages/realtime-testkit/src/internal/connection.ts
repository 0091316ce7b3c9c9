import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { decode } from "./clientEvents.js"
import type { ConnectionState } from "./connectionState.js"
import { make as makeState } from "./connectionState.js"
import type { EventRejected } from "./eventRejected.js"
import { invalidRequest } from "./eventRejected.js"
import * as Faults from "./faults.js"
import { handle } from "./handlers.js"
import type { Frame, SocketIo } from "./socket.js"
import type { ServerState } from "./state.js"

/** @internal */
export interface ConnectionOptions {
  readonly index: number
  /** The accepted connection's number, from 0. */
  readonly session: number
  readonly io: SocketIo
  readonly server: ServerState
  /** The `?model=`; undefined for a transcription session. */
  readonly model: string | undefined
  readonly beta: boolean
}

const CLOSE_GRACE = Duration.seconds(5)

const reject = (state: ConnectionState, error: EventRejected, eventId: string | null) =>
  state.send({
    type: "error",
    error: {
      type: "invalid_request_error",
      code: error.code,
      message: error.message,
      param: error.param,
      event_id: eventId
    }
  })

/**
 * Records a frame, then answers it: a scripted `ErrorOn` first, else the `invalid_event` of an undecodable
 * frame, else the handler of the event. A beta connection records but answers nothing more.
 */
const handleFrame = (state: ConnectionState, options: ConnectionOptions, frame: Frame) =>
  Effect.gen(function*() {
    const { recorder } = options.server
    const limits = yield* options.server.behaviour
    const arrival = { connection: options.index, at: frame.at, seq: frame.seq }
    if (frame.text === undefined) {
      yield* recorder.record(
        { ...arrival, type: "(binary)", event: { bytes: frame.binaryBytes } },
        limits.maxRecordedEvents
      )
      return yield* reject(state, invalidRequest("invalid_event", "Binary frames are not supported."), null)
    }
    const decoded = decode(frame.text)
    yield* recorder.record({ ...arrival, type: decoded.type, event: decoded.recorded }, limits.maxRecordedEvents)
    if (Either.isRight(decoded.event) && decoded.event.right.type === "input_audio_buffer.append") {
      yield* recorder.recordAudio(options.index, decoded.event.right.audio, limits.maxRecordedAudioBytes)
    }
    if (options.beta) return
    const scripted = yield* options.server.takeErrorOn(decoded.type, options.session)
    if (Option.isSome(scripted)) {
      const { close, error } = scripted.value
      yield* state.send({ type: "error", error: { param: null, ...error, event_id: decoded.eventId } })
      if (close !== undefined) options.io.close(close.code, close.reason)
      return
    }
    yield* Either.match(decoded.event, {
      onLeft: (error) => reject(state, error, decoded.eventId),
      onRight: (event) =>
        Effect.catchTag(handle(state, event), "EventRejected", (error) => reject(state, error, decoded.eventId))
    })
  })

const refuseBeta = (state: ConnectionState, io: SocketIo) =>
  Effect.zipRight(
    state.send({
      type: "error",
      error: {
        type: "invalid_request_error",
        code: "beta_api_shape_disabled",
        message: "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
        param: null,
        event_id: null
      }
    }),
    Effect.sync(() => io.close(4000, "beta_api_shape_disabled"))
  )

/**
 * Serves one accepted connection until its socket closes: announces the session, starts the connection
 * faults, then handles the client events one at a time, in arrival order. Responses stream on their own
 * fibers. A defect closes the socket with 1011.
 *
 * @internal
 */
export const serve = (options: ConnectionOptions): Effect.Effect<void> =>
  Effect.gen(function*() {
    const { io } = options
    yield* Effect.addFinalizer(() => Effect.sync(() => io.terminate()))
    const behaviour = yield* options.server.behaviour
    const limit = Duration.decode(behaviour.sessionLimit)
    const expiresAt = Duration.isFinite(limit) ? Math.floor((Date.now() + Duration.toMillis(limit)) / 1000) : 0
    const state = yield* makeState({ ...options, expiresAt })

    yield* state.send({ type: "session.created", session: state.sessionConfig })
    if (options.beta) yield* refuseBeta(state, io)
    else {
      yield* Faults.schedule(behaviour.faults, options.session, io, state.send)
      if (Duration.isFinite(limit)) yield* Faults.expireAt(limit, io, state.send)
    }

    while (true) {
      const [frames, done] = yield* io.inbound.takeAll
      io.backlog(false)
      for (const frame of frames) yield* handleFrame(state, options, frame)
      if (done) return
    }
  }).pipe(
    Effect.catchAllDefect((defect) =>
      Effect.logWarning("connection failed", defect).pipe(
        Effect.zipRight(Effect.sync(() => options.io.close(1011, "Internal server error"))),
        Effect.zipRight(Effect.timeout(options.io.inbound.await, CLOSE_GRACE)),
        Effect.ignore
      )
    ),
    Effect.scoped,
    Effect.annotateLogs({ module: "RealtimeTestServer", connection: options.index })
  )
