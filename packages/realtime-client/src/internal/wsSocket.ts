import { randomFillSync } from "node:crypto"
import WebSocket from "ws"
import type { Open, RealtimeSocket } from "../RealtimeSocket.js"
import { frameCount, sendAppendEvents } from "./audioFrames.js"
import { BurstBuffers } from "./burstBuffers.js"
import { appendFrames } from "./wsFrames.js"

const MAX_REFUSAL_BODY = 4096

/** Random masking keys, drawn from a pool refilled when it runs out (as `ws` does), not per burst. */
class MaskKeys {
  pool = new Uint8Array(8192)
  private next = this.pool.length

  /** Where `bytes` fresh random bytes start in `pool`. */
  take(bytes: number): number {
    if (this.next + bytes > this.pool.length) {
      if (bytes > this.pool.length) this.pool = new Uint8Array(bytes)
      randomFillSync(this.pool)
      this.next = 0
    }
    const from = this.next
    this.next += bytes
    return from
  }
}

const maskKeys = new MaskKeys()
const bursts = new BurstBuffers()
const takeBurst = (length: number) => bursts.take(length)

interface TcpSocket {
  readonly writableLength: number
  cork(): void
  uncork(): void
  write(bytes: Uint8Array, onWritten?: () => void): boolean
}

const rawToString = (data: WebSocket.RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString("utf8")
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8")
  return Buffer.from(data).toString("utf8")
}

/**
 * {@link Open} with Node's `ws`, given options of its own beside the session's (a test's `ca`). Per-message
 * deflate is off: base64 PCM does not compress, and it would cost CPU on every frame.
 *
 * @internal
 */
export const openWsWith = (extra: Pick<WebSocket.ClientOptions, "ca">): Open => (url, options, handlers) => {
  const socket = new WebSocket(url, {
    ...extra,
    headers: { ...options.headers },
    handshakeTimeout: options.handshakeTimeoutMillis,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false
  })
  let refused = false
  socket.on("unexpected-response", (_request, response) => {
    refused = true
    const status = response.statusCode ?? 0
    const chunks: Array<Buffer> = []
    let size = 0
    response.on("data", (chunk: Buffer) => {
      if (size < MAX_REFUSAL_BODY) chunks.push(chunk)
      size += chunk.length
    })
    response.on("end", () => {
      handlers.onRefused(status, Buffer.concat(chunks).toString("utf8").slice(0, MAX_REFUSAL_BODY))
      socket.terminate()
    })
    response.on("error", () => undefined)
  })
  socket.once("open", handlers.onOpen)
  socket.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
    if (!isBinary) handlers.onText(rawToString(data))
  })
  socket.on("pong", handlers.onAlive)
  socket.on("error", (error: Error & { code?: string }) => {
    if (!refused) handlers.onError({ message: error.message, code: error.code })
  })
  socket.once("close", (code: number, reason: Buffer) => handlers.onClose(code, reason.toString("utf8")))
  // ws's TCP socket once open (`_socket`): bursts are corked on it, and framed bursts written to it.
  const tcp = () => (socket as unknown as { readonly _socket?: TcpSocket | null })._socket ?? undefined
  return {
    isOpen: () => socket.readyState === WebSocket.OPEN,
    send: (text, onWritten) => socket.send(text, onWritten),
    sendAudio: (audio, frameBytes, onWritten) => {
      const tcpSocket = tcp()
      const count = frameCount(audio.byteLength, frameBytes)
      // Framed here only where ws would write at once (open, and nothing queued in ws itself: its bufferedAmount
      // beyond what the TCP socket holds, which these frames would overtake), and for two frames or more (a
      // frame alone gains nothing from it).
      if (
        tcpSocket === undefined || socket.readyState !== WebSocket.OPEN || count < 2 ||
        socket.bufferedAmount > tcpSocket.writableLength
      ) {
        return sendAppendEvents(audio, frameBytes, (text, written) => socket.send(text, written), onWritten)
      }
      const keysFrom = maskKeys.take(count * 4)
      const burst = appendFrames(audio, frameBytes, maskKeys.pool, keysFrom, takeBurst)
      tcpSocket.write(burst, () => {
        bursts.give(burst)
        onWritten?.()
      })
    },
    bufferedAmount: () => socket.bufferedAmount,
    ping: () => {
      if (socket.readyState === WebSocket.OPEN) socket.ping()
    },
    batch: (write) => {
      // ws corks its TCP socket around each frame; a cork around the burst makes those nest, so the whole
      // burst goes out in one writev instead of one per frame.
      const tcpSocket = tcp()
      if (tcpSocket === undefined) return write()
      tcpSocket.cork()
      try {
        write()
      } finally {
        tcpSocket.uncork()
      }
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: (code, reason) => {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason)
    },
    terminate: () => socket.terminate()
  } satisfies RealtimeSocket
}

/**
 * {@link Open} with Node's `ws`.
 *
 * @internal
 */
export const openWs: Open = openWsWith({})
