/**
 * Where and how a Realtime session connects.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import { RealtimeConnectionError } from "./RealtimeError.js"

/**
 * The default base URL of the OpenAI API.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_BASE_URL = "https://api.openai.com/v1"

/**
 * The default conversational model.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MODEL = "gpt-realtime-2.1-mini"

/**
 * Which session the URL selects: a conversational session with a model (or an
 * Azure deployment), or a transcription-only session.
 *
 * @since 0.1.0
 * @category models
 */
export type Target =
  | { readonly _tag: "Model"; readonly model: string }
  | { readonly _tag: "Transcription" }

/**
 * The options of a Realtime connection.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The API key: sent as `Authorization: Bearer …` (OpenAI) or `api-key` (Azure), never logged. */
  readonly apiKey: Redacted.Redacted<string>
  /** `https://…/v1` (default {@link DEFAULT_BASE_URL}); `http://` is for local endpoints. */
  readonly baseUrl?: string | undefined
  /** The model (or Azure deployment). Default {@link DEFAULT_MODEL}. Ignored when `intent` is set. */
  readonly model?: string | undefined
  /** `"transcription"` connects a transcription-only session (`?intent=transcription`). */
  readonly intent?: "transcription" | undefined
  /** `"azure"` uses the `/openai/v1/realtime` path and the `api-key` header. Detected from `*.openai.azure.com`. */
  readonly provider?: "openai" | "azure" | undefined
  /** Extra handshake headers (e.g. `OpenAI-Safety-Identifier`). */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** How long the handshake and the first `session.created` may take. Default 10 seconds. */
  readonly openTimeout?: Duration.DurationInput | undefined
  /** How often a WebSocket ping is sent. Default 15 seconds. */
  readonly pingInterval?: Duration.DurationInput | undefined
  /** The connection fails when nothing (no event, no pong) arrives for this long. Default 45 seconds. */
  readonly livenessTimeout?: Duration.DurationInput | undefined
  /** How long a correlated request waits for its reply. Default 30 seconds. */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /**
   * Outgoing flow control: `appendAudio` waits while the socket's `bufferedAmount`
   * is above this many bytes. Default 1 MiB (about 8 s of base64 PCM at 24 kHz).
   */
  readonly highWaterMark?: number | undefined
  /**
   * Incoming flow control: events are routed to the requests and responses that wait for them as they
   * arrive; reading from the socket pauses while this many of them wait for what is done later (a debug
   * log, the broadcast to `events` subscribers). Default 1024.
   */
  readonly inboundHighWaterMark?: number | undefined
}

/**
 * Derives the WebSocket URL of a Realtime session from a base URL:
 * `https://host/v1` becomes `wss://host/v1/realtime?model=<model>`, `http://`
 * becomes `ws://`, and Azure bases become `wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const realtimeUrl = (
  options: Pick<Options, "baseUrl" | "model" | "intent" | "provider">
): Either.Either<URL, RealtimeConnectionError> => {
  const base = options.baseUrl ?? DEFAULT_BASE_URL
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return Either.left(invalidUrl(`invalid base URL "${base}": not a URL`))
  }
  switch (url.protocol) {
    case "https:":
    case "wss:":
      url.protocol = "wss:"
      break
    case "http:":
    case "ws:":
      url.protocol = "ws:"
      break
    default:
      return Either.left(invalidUrl(`invalid base URL "${base}": expected http(s):// or ws(s)://`))
  }
  if (url.username !== "" || url.password !== "") {
    return Either.left(invalidUrl("invalid base URL: credentials in the URL are not allowed, use the API key option"))
  }
  const azure = isAzure(options.provider, url)
  let path = url.pathname.replace(/\/+$/, "")
  if (azure && !path.endsWith("/openai/v1") && !path.endsWith("/realtime")) path = `${path}/openai/v1`
  if (!path.endsWith("/realtime")) path = `${path}/realtime`
  url.pathname = path
  url.search = ""
  url.hash = ""
  if (options.intent === "transcription") {
    url.searchParams.set("intent", "transcription")
  } else {
    const model = options.model ?? DEFAULT_MODEL
    if (model.trim() === "") return Either.left(invalidUrl("the model must not be empty"))
    url.searchParams.set("model", model)
  }
  return Either.right(url)
}

/**
 * `true` when the connection should use Azure's authentication header.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAzure = (provider: Options["provider"], url: URL): boolean =>
  provider === "azure" || (provider === undefined && url.hostname.endsWith(".openai.azure.com"))

const invalidUrl = (message: string) =>
  new RealtimeConnectionError({ reason: "InvalidUrl", message, disposition: "fatal" })
