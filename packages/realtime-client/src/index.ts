/**
 * @since 0.1.0
 */

/**
 * Wire primitives: open string enums, audio formats, metadata, the `UnknownVariant` fallback.
 *
 * @since 0.1.0
 */
export * from "./Shared.js"

/**
 * Session configuration (`session.update`) and the session object (`session.created` / `session.updated`).
 *
 * @since 0.1.0
 */
export * from "./Session.js"

/**
 * Conversation items: messages, function calls, MCP items, item references.
 *
 * @since 0.1.0
 */
export * from "./Items.js"

/**
 * Response and transcription usage.
 *
 * @since 0.1.0
 */
export * from "./Usage.js"

/**
 * `response.create` parameters and the response object.
 *
 * @since 0.1.0
 */
export * from "./Response.js"

/**
 * Every server event, `ServerEvent` with its `UnknownServerEvent` fallback, and `decodeServerEvent`.
 *
 * @since 0.1.0
 */
export * from "./ServerEvent.js"

/**
 * Every client event, `ClientEvent`, and `encodeClientEvent`.
 *
 * @since 0.1.0
 */
export * from "./ClientEvent.js"

/**
 * The Realtime connector: `RealtimeClient` tag (`connect` gives a scoped `Session`), `make`, `layer`,
 * `layerConfig`, `connect`, and `RealtimeSession` / `layerSession` for programs that hold one session.
 *
 * @since 0.1.0
 */
export * as RealtimeClient from "./RealtimeClient.js"

/**
 * The WebSocket a session runs on, from the requirements: `WebSocketConstructor`, and `layerWs` for Node's `ws`.
 *
 * @since 0.1.0
 */
export * as RealtimeSocket from "./RealtimeSocket.js"

/**
 * List prices of the Realtime models and the cost of a response's usage.
 *
 * @since 0.1.0
 */
export * as Pricing from "./Pricing.js"

/**
 * Connection options and the derivation of the WebSocket URL.
 *
 * @since 0.1.0
 */
export * as RealtimeConfig from "./RealtimeConfig.js"

/**
 * Errors as data, classified as retryable, fatal or initiated by the user.
 *
 * @since 0.1.0
 */
export * from "./RealtimeError.js"
