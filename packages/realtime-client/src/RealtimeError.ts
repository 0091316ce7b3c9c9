/**
 * Errors of a Realtime session, as data: every error says whether retrying on a
 * new connection can help (`retryable`), cannot (`fatal`), or was asked for by
 * the user (`user`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * How a caller should react to an error.
 *
 * - `retryable`: a new connection may succeed (network drop, 1001/1006/1011/1012/1013,
 *   `session_expired`, rate limits, 5xx handshakes).
 * - `fatal`: retrying cannot help (a refused key, an invalid request, an unknown model,
 *   `beta_api_shape_disabled`).
 * - `user`: the user (or the program) asked for it, e.g. a close initiated by the client.
 *
 * @since 0.1.0
 * @category models
 */
export const Disposition = Schema.Literal("retryable", "fatal", "user")

/**
 * @since 0.1.0
 * @category models
 */
export type Disposition = typeof Disposition.Type

/**
 * The connection could not be opened or was lost.
 *
 * @since 0.1.0
 * @category errors
 */
export class RealtimeConnectionError extends Schema.TaggedError<RealtimeConnectionError>(
  "@pkg/realtime-client/RealtimeConnectionError"
)("RealtimeConnectionError", {
  reason: Schema.Literal("InvalidUrl", "Unauthorized", "Refused", "Unreachable", "OpenTimeout", "Closed", "Liveness"),
  message: Schema.String,
  disposition: Disposition,
  status: Schema.optional(Schema.Number),
  closeCode: Schema.optional(Schema.Number),
  closeReason: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect)
}) {}

/**
 * The server sent an `error` event, either for a request of this client (its
 * `eventId` names the request) or for the session.
 *
 * @since 0.1.0
 * @category errors
 */
export class RealtimeServerError extends Schema.TaggedError<RealtimeServerError>(
  "@pkg/realtime-client/RealtimeServerError"
)("RealtimeServerError", {
  reason: Schema.Literal(
    "RateLimited",
    "InvalidRequest",
    "SessionExpired",
    "BetaApiDisabled",
    "ActiveResponse",
    "Server"
  ),
  message: Schema.String,
  disposition: Disposition,
  type: Schema.String,
  code: Schema.NullishOr(Schema.String),
  param: Schema.NullishOr(Schema.String),
  eventId: Schema.NullishOr(Schema.String)
}) {}

/**
 * A local protocol failure: an event that could not be encoded, or a request
 * whose reply did not arrive in time.
 *
 * @since 0.1.0
 * @category errors
 */
export class RealtimeProtocolError extends Schema.TaggedError<RealtimeProtocolError>(
  "@pkg/realtime-client/RealtimeProtocolError"
)("RealtimeProtocolError", {
  reason: Schema.Literal("Encode", "ReplyTimeout", "Overflow"),
  message: Schema.String,
  disposition: Disposition,
  cause: Schema.optional(Schema.Defect)
}) {}

/**
 * A response ended with a status other than `completed`.
 *
 * @since 0.1.0
 * @category errors
 */
export class RealtimeResponseError extends Schema.TaggedError<RealtimeResponseError>(
  "@pkg/realtime-client/RealtimeResponseError"
)("RealtimeResponseError", {
  reason: Schema.Literal("Failed", "Cancelled", "Incomplete"),
  message: Schema.String,
  disposition: Disposition,
  responseId: Schema.String,
  details: Schema.optional(Schema.Unknown)
}) {}

/**
 * Every error of the Realtime client.
 *
 * @since 0.1.0
 * @category errors
 */
export type RealtimeError =
  | RealtimeConnectionError
  | RealtimeServerError
  | RealtimeProtocolError
  | RealtimeResponseError

/**
 * `true` when a new connection (or a later request) may succeed.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRetryable = (error: RealtimeError): boolean => error.disposition === "retryable"

const retryableCloseCodes: ReadonlySet<number> = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1014, 1015])

/**
 * Classifies a WebSocket close code: 1000 initiated by this client is `user`;
 * 1001 (going away, e.g. the 60-minute session limit), 1006 (dropped without a
 * close frame), 1011, 1012, 1013 and the other transient codes are `retryable`;
 * everything else (policy violations, 4xxx application codes) is `fatal`.
 *
 * @since 0.1.0
 * @category classification
 */
export const classifyCloseCode = (code: number, initiatedByClient: boolean): Disposition => {
  if (initiatedByClient) return "user"
  if (retryableCloseCodes.has(code)) return "retryable"
  return "fatal"
}

/**
 * Classifies an HTTP status of a refused handshake.
 *
 * @since 0.1.0
 * @category classification
 */
export const classifyHandshakeStatus = (status: number): Disposition =>
  status === 408 || status === 425 || status === 429 || status >= 500 ? "retryable" : "fatal"

/**
 * Maps a server `error` event's code and type to a reason and a disposition.
 *
 * @since 0.1.0
 * @category classification
 */
export const classifyServerError = (
  error: { readonly type: string; readonly code?: string | null | undefined }
): { readonly reason: RealtimeServerError["reason"]; readonly disposition: Disposition } => {
  const code = error.code ?? ""
  if (code === "session_expired") return { reason: "SessionExpired", disposition: "retryable" }
  if (code === "beta_api_shape_disabled") return { reason: "BetaApiDisabled", disposition: "fatal" }
  if (code === "conversation_already_has_active_response") return { reason: "ActiveResponse", disposition: "retryable" }
  if (error.type === "rate_limit_exceeded" || code.startsWith("rate_limit")) {
    return { reason: "RateLimited", disposition: "retryable" }
  }
  if (error.type === "invalid_request_error" || error.type === "authentication_error") {
    return { reason: "InvalidRequest", disposition: "fatal" }
  }
  return { reason: "Server", disposition: "retryable" }
}
