import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import * as Effect from "effect/Effect"
import { MIN_COMMIT_BYTES } from "../SummariserOptions.js"
import type { Epoch } from "./epoch.js"
import type { RunState } from "./state.js"
import { type CommittedItem, endOf, isClosed, nextCommitPoint, type WindowRecord } from "./windows.js"

type Step = "progress" | "wait" | "stop"

/**
 * Feeds one session: appends the audio of the replay buffer from `from` on (a window's start), commits it
 * at every commit point and at every window's end, and records which items hold which bytes of which
 * window. When the session is new after a fault, `from` is the start of the first window not yet
 * summarised, so that window's audio is replayed; at a rotation it is the boundary where the new session
 * takes over. It stops at `epoch.stopAt`, or when the input ended and everything is committed.
 *
 * `onCommit` learns each committed item (for the order of transcripts).
 *
 * Frames are exact: `frameBytes` counted from the last commit, the last frame before a commit shorter.
 *
 * @internal
 */
export const feed = (
  state: RunState,
  epoch: Epoch,
  from: number,
  onCommit: (item: CommittedItem) => void
): Effect.Effect<void, RealtimeError> =>
  Effect.gen(function*() {
    const { commitBytes, frameBytes } = state.plan
    let cursor = from
    let bufferStart = from
    // The audio of each append is copied here rather than into a new buffer each time: this feeder waits for
    // each append before it copies again, and appendAudio keeps nothing of its bytes.
    let scratch = new Uint8Array(0)
    const copyAudio = (start: number, end: number): Uint8Array => {
      if (scratch.length < end - start) scratch = new Uint8Array(end - start)
      return state.ledger.copy(start, end, scratch)
    }

    const place = (window: WindowRecord) => {
      if (window.placement?.epoch !== epoch) window.placement = { epoch, items: [], complete: false }
      return window.placement
    }

    /** Records the item a commit made of the bytes from `bufferStart` to `end`; the window is complete at its end. */
    const committed = (window: WindowRecord, itemId: string, end: number) => {
      const placement = place(window)
      const item = { id: itemId, startByte: bufferStart, endByte: end }
      placement.items.push(item)
      onCommit(item)
      cursor = end
      bufferStart = end
      if (end === window.endByte) {
        placement.complete = true
        state.notifyChanged()
      }
      return "progress" as const
    }

    const step: Effect.Effect<Step, RealtimeError> = Effect.suspend(() => {
      if (epoch.stopAt !== undefined && cursor >= epoch.stopAt) return Effect.succeed("stop" as const)
      const ended = state.book.endingAt(bufferStart)
      if (ended !== undefined && ended.placement?.epoch === epoch && !ended.placement.complete) {
        // the input ended on a commit point: everything of the window is already committed
        ended.placement.complete = true
        state.notifyChanged()
      }
      const window = state.book.holding(bufferStart)
      if (window === undefined) {
        const next = state.book.pending().find((w) => w.startByte >= bufferStart)
        if (next === undefined) return Effect.succeed(state.inputEnded ? "stop" as const : "wait" as const)
        const abandoned = bufferStart < cursor
        cursor = next.startByte
        bufferStart = next.startByte
        return abandoned
          ? Effect.as(epoch.session.clearAudio, "progress" as const)
          : Effect.succeed("progress" as const)
      }
      if (
        bufferStart === window.startByte && state.book.pendingBefore(window.startByte) >= state.options.pendingWindows
      ) {
        // the conversation holds at most `pendingWindows` windows not yet summarised, plus the one being fed
        return Effect.succeed("wait" as const)
      }
      place(window)
      const point = nextCommitPoint(window, bufferStart, commitBytes, MIN_COMMIT_BYTES)
      if (isClosed(window) && point === window.endByte && point - bufferStart < MIN_COMMIT_BYTES) {
        // The input ended less than 100 ms after a commit point: the tail is padded with silence up to the
        // smallest commit the server accepts, so that it is summarised too.
        const padded = new Uint8Array(MIN_COMMIT_BYTES - (cursor - bufferStart))
        state.ledger.copy(cursor, point, padded)
        return Effect.zipRight(
          epoch.session.appendAudio(padded, frameBytes),
          Effect.map(epoch.session.commit, (itemId) => committed(window, itemId, point))
        )
      }
      const available = state.ledger.end
      const target = point <= available
        ? point
        : bufferStart + Math.floor((available - bufferStart) / frameBytes) * frameBytes
      const append = target > cursor
        ? epoch.session.appendAudio(copyAudio(cursor, target), frameBytes)
        : Effect.void
      return Effect.flatMap(append, () => {
        cursor = target
        if (cursor !== point || !isClosed(window) && point === endOf(window)) return Effect.succeed("wait" as const)
        return Effect.map(epoch.session.commit, (itemId) => committed(window, itemId, point))
      })
    })

    while (true) {
      const next = state.arrived.next
      const outcome = yield* step
      if (outcome === "stop") return
      if (outcome === "wait") yield* next
    }
  })
