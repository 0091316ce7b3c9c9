import * as Exit from "effect/Exit"
import type * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import type { RawData } from "ws"
import { WebSocket } from "ws"

/** One frame as it arrived. @internal */
export interface Frame {
  readonly text: string | undefined
  readonly binaryBytes: number
  readonly at: number
  readonly seq: number
}

/**
 * Inbound frames wait in a bounded mailbox. Above `BACKLOG_HIGH` queued frames the server stops reading the
 * TCP socket (back-pressure on the client) until the connection fiber has taken them. Frames `ws` had already
 * parsed from the last read may still arrive while reading is paused; if even `INBOUND_CAPACITY` is exceeded
 * the connection is closed with 1008.
 *
 * @internal
 */
export const INBOUND_CAPACITY = 16_384

const BACKLOG_HIGH = 256

const toText = (data: RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString("utf8")
    : Array.isArray(data)
    ? Buffer.concat(data).toString("utf8")
    : Buffer.from(data).toString("utf8")

const byteLength = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.length, 0) : data.byteLength

/**
 * The server side of one WebSocket, driven from the connection's fibers: sends (dropped once silent or
 * closed), closes, and a read gate combining a scripted stall with the inbound back-pressure.
 *
 * @internal
 */
export class SocketIo {
  private silent = false
  private stalled = false
  private backlogged = false

  constructor(
    readonly ws: WebSocket,
    readonly inbound: Mailbox.Mailbox<Frame>,
    private readonly tap: ((text: string) => void) | undefined
  ) {}

  get isSilent(): boolean {
    return this.silent
  }

  goSilent(): void {
    this.silent = true
  }

  send(text: string): void {
    if (!this.silent && this.ws.readyState === WebSocket.OPEN) {
      this.tap?.(text)
      this.ws.send(text)
    }
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason)
  }

  terminate(): void {
    this.ws.terminate()
  }

  stall(stalled: boolean): void {
    this.stalled = stalled
    this.updateGate()
  }

  backlog(backlogged: boolean): void {
    if (this.backlogged !== backlogged) {
      this.backlogged = backlogged
      this.updateGate()
    }
  }

  private updateGate(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    if (this.stalled || this.backlogged) this.ws.pause()
    else this.ws.resume()
  }
}

/**
 * Wires the `ws` callbacks of an upgraded socket: frames into the mailbox, pings answered unless silent (the
 * server runs with `autoPong: false`), and the mailbox ended on close.
 *
 * @internal
 */
export const attach = (
  ws: WebSocket,
  inbound: Mailbox.Mailbox<Frame>,
  hooks: {
    readonly arrival: () => number
    readonly closed: (code: number, reason: string) => void
    /** Sees every frame received and sent (text, or the size of a binary frame). */
    readonly tap?: ((direction: "in" | "out", text: string | undefined, bytes: number) => void) | undefined
  }
): SocketIo => {
  const { tap } = hooks
  const io = new SocketIo(ws, inbound, tap && ((text) => tap("out", text, Buffer.byteLength(text))))
  ws.on("message", (data, isBinary) => {
    const frame: Frame = {
      text: isBinary ? undefined : toText(data),
      binaryBytes: isBinary ? byteLength(data) : 0,
      at: Date.now(),
      seq: hooks.arrival()
    }
    tap?.("in", frame.text, byteLength(data))
    if (!inbound.unsafeOffer(frame)) {
      io.close(1008, "Inbound queue overflow")
      return
    }
    if (Option.getOrElse(inbound.unsafeSize(), () => 0) >= BACKLOG_HIGH) io.backlog(true)
  })
  ws.on("ping", (data) => {
    if (!io.isSilent) ws.pong(data)
  })
  ws.on("error", () => {
    // the "close" event follows and ends the connection
  })
  ws.on("close", (code, reason) => {
    hooks.closed(code, reason.toString("utf8"))
    inbound.unsafeDone(Exit.void)
  })
  return io
}
