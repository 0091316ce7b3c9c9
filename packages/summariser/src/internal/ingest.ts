import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import type { AudioInput, SourceGap } from "../AudioInput.js"
import { isSourceGap } from "../AudioInput.js"
import { SummariserError } from "../SummariserError.js"
import { MIN_COMMIT_BYTES } from "../SummariserOptions.js"
import { SummaryEvent } from "../SummaryEvent.js"
import { waitFor } from "./signal.js"
import { now, type RunState } from "./state.js"
import { endOf, isClosed, type WindowRecord } from "./windows.js"

const reportSourceGap = (state: RunState, gap: SourceGap) => {
  const at = state.seconds(state.ledger.end)
  return state.emit(SummaryEvent.Gap({ start: at, end: at, reason: gap.reason, detail: gap.detail }))
}

/** Drops the oldest pending window to make room (live sources cannot wait): a gap. */
const dropOldest = (state: RunState) =>
  Effect.suspend(() => {
    const oldest = state.book.firstPending()
    if (oldest === undefined) return Effect.void
    oldest.state = "dropped"
    const end = endOf(oldest)
    if (!isClosed(oldest)) {
      oldest.endByte = state.ledger.end
    }
    state.settle()
    return state.emit(SummaryEvent.Gap({
      start: state.seconds(oldest.startByte),
      end: state.seconds(Math.min(end, state.ledger.end)),
      reason: "buffer-full",
      detail:
        `the replay buffer (${state.options.maxBufferedBytes} bytes) was full while no session could take the audio`
    }))
  })

/**
 * An input that can wait (a file, stdin) is read no further ahead than the windows the conversation may
 * hold, plus two: reading further would only hold memory. The whole replay buffer is for live sources.
 */
const readAhead = (state: RunState) =>
  Math.min(state.ledger.capacity, (state.options.pendingWindows + 2) * state.plan.summaryBytes)

/** Whether `bytes` fit now: within the read-ahead of an input that can wait, else within the buffer's room. */
const hasRoom = (state: RunState, bytes: number): boolean =>
  state.options.whenBufferFull === "backpressure"
    ? state.ledger.size + bytes <= Math.max(readAhead(state), bytes)
    : state.ledger.room() >= bytes

/** Closes the windows that the new bytes completed, and opens the one they start. */
const advanceWindows = (state: RunState, at: number) => {
  const { book, ledger } = state
  let open = book.openWindow()
  if (open === undefined) return
  while (open.nominalEnd <= ledger.end) {
    open.endByte = open.nominalEnd
    open.endedAt = at
    state.lastWindowMillis = Math.max(1, at - open.startedAt)
    if (ledger.end === open.nominalEnd) return
    open = book.open(open.nominalEnd, at)
  }
}

/** Whether `bytes` are kept now as they are: no wait, no window dropped, not split. */
const fitsNow = (state: RunState, bytes: number): boolean => bytes <= state.ledger.capacity && hasRoom(state, bytes)

/** Keeps bytes that fit (see {@link fitsNow}) and moves the windows on. */
const keep = (state: RunState, bytes: Uint8Array, at: number) => {
  if (state.book.openWindow() === undefined) state.book.open(state.ledger.end, at)
  state.ledger.append(bytes)
  advanceWindows(state, at)
  state.arrived.notify()
}

/**
 * How many of `bytes` to keep first, so that the open window closes, when an input that can wait has no room
 * for them and holds no other window: waiting for room would never end then, since only a closed window's
 * summary makes room, and the open window needs these bytes to close. The open window's bytes never exceed the
 * read-ahead, which holds at least one window.
 */
const toCloseTheOpenWindow = (state: RunState, bytes: number): number | undefined => {
  if (state.options.whenBufferFull !== "backpressure" || hasRoom(state, bytes)) return undefined
  const open = state.book.openWindow()
  if (open === undefined || state.book.firstPending() !== open) return undefined
  const missing = open.nominalEnd - state.ledger.end
  return missing < bytes ? missing : undefined
}

/**
 * Keeps `bytes` once they fit: an input that can wait waits for room (the summary of a closed window), or keeps
 * first what closes the open window when that is all it holds (see {@link toCloseTheOpenWindow}); a live one
 * drops its oldest windows. A piece larger than the whole buffer is kept in halves.
 */
const receive = (state: RunState, bytes: Uint8Array): Effect.Effect<void> =>
  Effect.suspend(() => {
    if (bytes.length === 0) return Effect.void
    if (bytes.length > state.ledger.capacity) {
      const half = Math.floor(bytes.length / 2)
      return Effect.zipRight(receive(state, bytes.subarray(0, half)), receive(state, bytes.subarray(half)))
    }
    if (hasRoom(state, bytes.length)) return Effect.map(now, (at) => keep(state, bytes, at))
    if (state.options.whenBufferFull !== "backpressure") {
      return Effect.zipRight(dropOldest(state), receive(state, bytes))
    }
    const closing = toCloseTheOpenWindow(state, bytes.length)
    if (closing !== undefined) {
      return Effect.zipRight(receive(state, bytes.subarray(0, closing)), receive(state, bytes.subarray(closing)))
    }
    const ready = () =>
      hasRoom(state, bytes.length) || toCloseTheOpenWindow(state, bytes.length) !== undefined || undefined
    return Effect.zipRight(waitFor(state.changed, ready), receive(state, bytes))
  })

type Release = ((bytes: Uint8Array) => void) | undefined

const receiveItem = (state: RunState, item: AudioInput, release: Release) =>
  isSourceGap(item)
    ? reportSourceGap(state, item)
    : release === undefined
    ? receive(state, item)
    : Effect.zipRight(receive(state, item), Effect.sync(() => release(item)))

/**
 * Receives the items of one chunk of the input. What fits at once is kept in one pass under one reading
 * of the clock, without an effect: the input delivers tens of chunks a second from a file, and an effect per
 * piece (or a `Clock` effect per chunk) would cost more than keeping it. The rest (a gap, a full buffer) goes
 * through {@link receiveItem}, in order.
 */
const receiveChunk = (state: RunState, items: Chunk.Chunk<AudioInput>, release: Release): Effect.Effect<void> =>
  Effect.suspend(() => {
    const at = state.clock.unsafeCurrentTimeMillis()
    let kept = 0
    for (const item of items) {
      if (isSourceGap(item) || !fitsNow(state, item.length)) break
      if (item.length > 0) keep(state, item, at)
      release?.(item)
      kept++
    }
    return kept === items.length
      ? Effect.void
      : Effect.forEach(Chunk.drop(items, kept), (item) => receiveItem(state, item, release), { discard: true })
  })

/**
 * Closes the input: the open window becomes the final one (however short: the feeder pads what is shorter
 * than the smallest commit with silence), or, when the input ended on a boundary, the last window is marked
 * final. An input shorter than the smallest commit has nothing to summarise.
 */
const closeInput = (state: RunState) =>
  Effect.gen(function*() {
    const at = yield* now
    const open = state.book.openWindow()
    if (open !== undefined) {
      open.endByte = state.ledger.end
      open.endedAt = at
      open.final = true
    } else {
      markLastFinal(state)
    }
    if (state.ledger.end < MIN_COMMIT_BYTES) {
      return yield* new SummariserError({
        reason: "InputTooShort",
        message: `the input held ${state.seconds(state.ledger.end).toFixed(3)} s of audio; at least 0.1 s is needed`
      })
    }
    state.inputEnded = true
    state.settle()
  })

const markLastFinal = (state: RunState) => {
  const last: WindowRecord | undefined = state.book.pending().at(-1)
  if (last !== undefined && last.index === state.book.count - 1) last.final = true
}

/**
 * `Stream.runForEachChunk(input, f)` without its sink: a loop that pulls each chunk from the input's channel.
 * The sink is a channel that reads each chunk from the input's through the channel executor's upstream reads,
 * about ten runtime operations a chunk of audio that this loop does not take.
 */
const readChunks = <A, E, R>(
  input: Stream.Stream<A, E, R>,
  f: (items: Chunk.Chunk<A>) => Effect.Effect<void>
): Effect.Effect<void, E, R> =>
  Effect.scoped(Effect.flatMap(Channel.toPull(Stream.toChannel(input)), (pull) => {
    const loop: Effect.Effect<void, E, R> = Effect.flatMap(
      pull,
      (next) => Either.isLeft(next) ? Effect.void : Effect.zipRight(f(next.right), loop)
    )
    return loop
  }))

/**
 * Reads the input into the replay buffer and the windows, until it ends or is stopped (`stop`, or the
 * budget), then closes the last window; each piece of audio is given to `release` once it is copied. An input
 * that fails before any audio fails here; one that fails later is closed like an ended one (what was received
 * is still summarised), and its error is returned for the run to fail with once it is done.
 *
 * @internal
 */
export const ingest = <E, R>(
  state: RunState,
  input: Stream.Stream<AudioInput, E, R>,
  options: {
    readonly stop?: Effect.Effect<void> | undefined
    readonly release?: Release
  } = {}
): Effect.Effect<Either.Either<void, E>, E | SummariserError, R> =>
  Effect.gen(function*() {
    // One race around the whole read, not `Stream.interruptWhen`, which races fibers on every chunk.
    const read = yield* readChunks(input, (items) => receiveChunk(state, items, options.release)).pipe(
      Effect.raceFirst(Effect.raceFirst(Deferred.await(state.stopInput), options.stop ?? Effect.never)),
      Effect.either
    )
    if (Either.isLeft(read) && state.ledger.end === 0) return yield* Effect.fail(read.left)
    yield* closeInput(state)
    return read
  })
