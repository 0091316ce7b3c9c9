import * as Effect from "effect/Effect"
import type { ConnectionInfo, ConnectionStatus, ReceivedEvent, UsageTotals } from "../TestServer.js"

const zeroUsage: UsageTotals = {
  responses: 0,
  inputTokens: 0,
  inputTextTokens: 0,
  inputAudioTokens: 0,
  outputTokens: 0,
  outputTextTokens: 0,
  totalTokens: 0
}

interface RecordedAudio {
  readonly chunks: Array<Uint8Array>
  bytes: number
}

/** What a handshake asked for. */
type HandshakeSeen = Pick<ConnectionInfo, "path" | "query" | "headers">

interface Arrival extends ReceivedEvent {
  readonly seq: number
}

/**
 * What the server saw. The event and audio records stop growing at the limits of the behaviour (first come,
 * first kept); there is one connection entry per handshake.
 *
 * Frames are numbered on arrival (in the socket callbacks) and recorded by the connection fibers, so
 * `received` sorts by arrival number to give the arrival order across connections.
 *
 * @internal
 */
export class Recorder {
  private arrivals = 0
  private sessions = 0
  private readonly events: Array<Arrival> = []
  private readonly infos: Array<ConnectionInfo> = []
  private readonly audioByConnection = new Map<number, RecordedAudio>()
  private totals: UsageTotals = zeroUsage

  /** Called from socket callbacks. */
  unsafeArrival(): number {
    return this.arrivals++
  }

  readonly received: Effect.Effect<ReadonlyArray<ReceivedEvent>> = Effect.sync(() =>
    this.events.slice().sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...event }) => event)
  )

  readonly connections: Effect.Effect<ReadonlyArray<ConnectionInfo>> = Effect.sync(() => this.infos.slice())

  readonly usage: Effect.Effect<UsageTotals> = Effect.sync(() => this.totals)

  audio(connection: number | undefined): Effect.Effect<Uint8Array> {
    return Effect.sync(() => {
      const records = connection === undefined
        ? [...this.audioByConnection.entries()].sort(([a], [b]) => a - b).map(([, record]) => record)
        : [this.audioByConnection.get(connection)].filter((record) => record !== undefined)
      return Buffer.concat(records.flatMap((record) => record.chunks))
    })
  }

  record(event: Arrival, limit: number): Effect.Effect<void> {
    return Effect.sync(() => {
      if (this.events.length < limit) this.events.push(event)
    })
  }

  recordAudio(connection: number, bytes: Uint8Array, limit: number): Effect.Effect<void> {
    return Effect.sync(() => {
      let record = this.audioByConnection.get(connection)
      if (record === undefined) {
        record = { chunks: [], bytes: 0 }
        this.audioByConnection.set(connection, record)
      }
      const room = limit - record.bytes
      if (room <= 0) return
      const kept = bytes.length <= room ? bytes : bytes.subarray(0, room)
      record.chunks.push(kept)
      record.bytes += kept.length
    })
  }

  /** Records a refused handshake and returns its index. */
  refusedHandshake(info: HandshakeSeen, status: number): Effect.Effect<number> {
    return Effect.sync(() => this.push(info, { _tag: "Refused", status }, undefined))
  }

  /** Records an accepted handshake and returns its index and its session number. */
  acceptedHandshake(info: HandshakeSeen): Effect.Effect<{ readonly index: number; readonly session: number }> {
    return Effect.sync(() => {
      const session = this.sessions++
      return { index: this.push(info, { _tag: "Accepted" }, session), session }
    })
  }

  private push(info: HandshakeSeen, status: ConnectionStatus, session: number | undefined): number {
    const index = this.infos.length
    this.infos.push({ index, session, ...info, status, closeCode: undefined, closeReason: undefined })
    return index
  }

  /** Called from socket callbacks. */
  unsafeClosed(index: number, closeCode: number, closeReason: string): void {
    const info = this.infos[index]
    if (info !== undefined) this.infos[index] = { ...info, closeCode, closeReason }
  }

  addUsage(usage: Omit<UsageTotals, "responses">): Effect.Effect<void> {
    return Effect.sync(() => {
      const t = this.totals
      this.totals = {
        responses: t.responses + 1,
        inputTokens: t.inputTokens + usage.inputTokens,
        inputTextTokens: t.inputTextTokens + usage.inputTextTokens,
        inputAudioTokens: t.inputAudioTokens + usage.inputAudioTokens,
        outputTokens: t.outputTokens + usage.outputTokens,
        outputTextTokens: t.outputTextTokens + usage.outputTextTokens,
        totalTokens: t.totalTokens + usage.totalTokens
      }
    })
  }
}
