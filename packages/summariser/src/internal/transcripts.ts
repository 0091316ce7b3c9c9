import type * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { SummaryEvent } from "../SummaryEvent.js"
import type { RunState } from "./state.js"
import type { CommittedItem } from "./windows.js"

/**
 * How long a transcript that arrived early waits for the ones before it (transcriptions complete out of
 * order) before those are given up; and how many may wait at most.
 *
 * @internal
 */
export const TRANSCRIPT_WAIT_MILLIS = 30_000

/** @internal */
export const MAX_WAITING_TRANSCRIPTS = 256

interface Arrived {
  readonly item: CommittedItem
  readonly text: string | undefined
  readonly at: number
}

/**
 * Puts input transcripts in audio order. Each committed item's byte range is known when it is committed;
 * completions arrive in any order and are emitted once every earlier range is out. A replayed item (the same
 * bytes committed again in a new session) is recognised by its range and emitted once.
 *
 * @internal
 */
export class TranscriptOrder {
  private readonly items = new Map<string, CommittedItem>()
  private readonly arrived = new Map<number, Arrived>()
  private next = 0

  constructor(private readonly state: RunState) {}

  /** Remembers which bytes an item holds (called by the feeder when it commits). */
  expect(item: CommittedItem): void {
    if (item.endByte > this.next) this.items.set(item.id, item)
  }

  completed(itemId: string, text: string, at: number): Effect.Effect<void> {
    return this.arrive(itemId, text, at)
  }

  failed(itemId: string, message: string, at: number): Effect.Effect<void> {
    const item = this.items.get(itemId)
    if (item === undefined) return Effect.void
    return Effect.zipRight(
      this.state.emit(SummaryEvent.Warning({
        code: "transcription-failed",
        message: `the transcription of ${this.state.seconds(item.startByte)}–${
          this.state.seconds(item.endByte)
        } s failed (${message}); the run goes on`
      })),
      this.arrive(itemId, undefined, at)
    )
  }

  /** Emits whatever waits, in order, skipping what never came (at the end of the run). */
  flush(): Effect.Effect<void> {
    return this.release(Number.POSITIVE_INFINITY)
  }

  private arrive(itemId: string, text: string | undefined, at: number): Effect.Effect<void> {
    const item = this.items.get(itemId)
    this.items.delete(itemId)
    if (item === undefined || item.startByte < this.next || this.arrived.has(item.startByte)) return Effect.void
    this.arrived.set(item.startByte, { item, text, at })
    return this.release(at)
  }

  private release(now: number): Effect.Effect<void> {
    const out: Array<SummaryEvent> = []
    while (this.arrived.size > 0) {
      const head = this.arrived.get(this.next)
      if (head !== undefined) {
        this.arrived.delete(this.next)
        this.next = head.item.endByte
        if (head.text !== undefined) {
          out.push(SummaryEvent.Transcript({
            start: this.state.seconds(head.item.startByte),
            end: this.state.seconds(head.item.endByte),
            text: head.text
          }))
        }
        continue
      }
      const earliest = Math.min(...this.arrived.keys())
      const waited = now - this.arrived.get(earliest)!.at
      if (waited < TRANSCRIPT_WAIT_MILLIS && this.arrived.size < MAX_WAITING_TRANSCRIPTS) break
      this.next = earliest
    }
    for (const [id, item] of this.items) {
      if (item.endByte <= this.next) this.items.delete(id)
    }
    return Effect.forEach(out, (event) => this.state.emit(event), { discard: true })
  }
}

/**
 * Listens to one session's transcription events until the session ends.
 *
 * @internal
 */
export const listen = (
  order: TranscriptOrder,
  session: RealtimeClient.Session
): Effect.Effect<void> =>
  session.events.pipe(
    Stream.runForEach((event) => {
      if (event.type === "conversation.item.input_audio_transcription.completed") {
        return order.completed(event.item_id, event.transcript, Date.now())
      }
      if (event.type === "conversation.item.input_audio_transcription.failed") {
        return order.failed(event.item_id, event.error?.message ?? "no reason given", Date.now())
      }
      return Effect.void
    }),
    Effect.ignore
  )
