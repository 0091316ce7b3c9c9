/**
 * The WebSocket a Realtime session runs on, as a service in the requirements (as `@effect/platform`'s
 * Socket takes its `WebSocketConstructor`): the client never imports a WebSocket implementation itself, so
 * tests and other runtimes can provide their own. {@link layerWs} provides Node's `ws`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import { openWs } from "./internal/wsSocket.js"

/**
 * What a socket tells the session. Every callback is called from the socket's own event loop turn and must
 * not throw.
 *
 * @since 0.1.0
 * @category models
 */
export interface SocketHandlers {
  /** The handshake succeeded. */
  readonly onOpen: () => void
  /** A text frame arrived (binary frames are ignored by the Realtime protocol). */
  readonly onText: (text: string) => void
  /** Something arrived that proves the peer is alive (a pong, for sockets that can ping). */
  readonly onAlive: () => void
  /** The handshake was answered with an HTTP status instead of an upgrade (`body`: at most 4 KiB of it). */
  readonly onRefused: (status: number, body: string) => void
  /** The socket could not be opened, or failed, with a system error (`code` such as `ECONNREFUSED`). */
  readonly onError: (error: { readonly message: string; readonly code?: string | undefined }) => void
  /** The socket closed (`1006` when it was dropped without a close frame). Called once, last. */
  readonly onClose: (code: number, reason: string) => void
}

/**
 * The handshake's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface SocketOptions {
  /** Handshake headers: the API key travels here, so an implementation must never log them. */
  readonly headers: Readonly<Record<string, string>>
  readonly handshakeTimeoutMillis: number
  /** The largest frame accepted from the server. */
  readonly maxPayloadBytes: number
}

/**
 * One open (or opening) WebSocket.
 *
 * @since 0.1.0
 * @category models
 */
export interface RealtimeSocket {
  /** `true` once open and until closing starts. */
  readonly isOpen: () => boolean
  /**
   * Writes a text frame; `onWritten` (when given) is called once the frame has left the process, which is
   * how senders wait for `bufferedAmount` to fall without polling.
   */
  readonly send: (text: string, onWritten?: () => void) => void
  /**
   * Writes the `input_audio_buffer.append` events of `audio` cut in frames of `frameBytes` bytes (the last one
   * shorter), as `send` would write them one by one (`{"type":"input_audio_buffer.append","audio":"<base64>"}`
   * each, in order), in one write when the implementation can; `onWritten` (when given) is called once the last
   * one has left the process. The hot path of audio uses it when it is there, and `send` per event when not, so
   * a wrapper that records or alters `send` must wrap this too (or leave it out). Nothing of `audio` may be kept
   * once it returns (copy what is recorded): `Session.appendAudio` lets its caller reuse the buffer.
   */
  readonly sendAudio?:
    | ((audio: Uint8Array, frameBytes: number, onWritten?: () => void) => void)
    | undefined
  /** Bytes accepted by `send` and not yet written to the network. */
  readonly bufferedAmount: () => number
  /** Sends a WebSocket ping, when the implementation can (`onAlive` is called on the pong). */
  readonly ping?: (() => void) | undefined
  /**
   * Runs `write` with the socket's writes held and sent together (one system call for a burst of frames),
   * when the implementation can; otherwise just runs it.
   */
  readonly batch?: ((write: () => void) => void) | undefined
  /** Stops reading from the network (TCP back-pressure), when the implementation can. */
  readonly pause?: (() => void) | undefined
  readonly resume?: (() => void) | undefined
  /** Starts the closing handshake. */
  readonly close: (code: number, reason: string) => void
  /** Destroys the connection at once. */
  readonly terminate: () => void
}

/**
 * Opens a socket to `url` and reports to `handlers`.
 *
 * @since 0.1.0
 * @category models
 */
export type Open = (url: URL, options: SocketOptions, handlers: SocketHandlers) => RealtimeSocket

/**
 * The service that opens sockets.
 *
 * @since 0.1.0
 * @category tags
 */
export class WebSocketConstructor extends Context.Tag("@pkg/realtime-client/WebSocketConstructor")<
  WebSocketConstructor,
  Open
>() {}

/**
 * Node's `ws`: handshake headers, the HTTP status of a refused handshake, ping/pong, pause/resume.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWs: Layer.Layer<WebSocketConstructor> = Layer.succeed(WebSocketConstructor, openWs)
