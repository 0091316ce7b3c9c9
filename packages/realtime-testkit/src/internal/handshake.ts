import { STATUS_CODES } from "node:http"
import type { Behaviour } from "../Behaviour.js"

/**
 * What to do with a WebSocket handshake: upgrade it (a conversation session when `model` is set, else a
 * transcription session), or answer with an HTTP error and a JSON body like the real service's.
 *
 * @internal
 */
export type Decision =
  | { readonly _tag: "Accept"; readonly model: string | undefined; readonly beta: boolean }
  | { readonly _tag: "Refuse"; readonly status: number; readonly body: unknown }

/** @internal */
export interface HandshakeRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
}

const OPENAI_PATH = "/v1/realtime"
const AZURE_PATH = "/openai/v1/realtime"
const SUBPROTOCOL_KEY = "openai-insecure-api-key."

const openAiError = (status: number, message: string, type: string, code: string | null, param: string | null) => ({
  _tag: "Refuse" as const,
  status,
  body: { error: { message, type, param, code } }
})

const azureError = (status: number, code: string, message: string) => ({
  _tag: "Refuse" as const,
  status,
  body: { error: { code, message } }
})

const masked = (key: string) =>
  key.length <= 8 ? "*".repeat(key.length) : `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`

const missingKey = openAiError(
  401,
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
    "(i.e. Authorization: Bearer YOUR_KEY).",
  "invalid_request_error",
  null,
  null
)

/** The refusal of a scripted `RefuseHandshake` fault. @internal */
export const scriptedRefusal = (status: number): Decision => {
  if (status === 401) return missingKey
  if (status === 429) {
    return openAiError(
      429,
      "Rate limit reached for requests. Please try again later.",
      "requests",
      "rate_limit_exceeded",
      null
    )
  }
  const reason = STATUS_CODES[status] ?? "Error"
  return status >= 500
    ? openAiError(
      status,
      `The server had an error while processing your request (${reason}).`,
      "server_error",
      null,
      null
    )
    : openAiError(status, reason, "invalid_request_error", null, null)
}

const bearer = (headers: HandshakeRequest["headers"]): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers["authorization"] ?? "")
  return match?.[1]
}

const subprotocolKey = (headers: HandshakeRequest["headers"]): string | undefined =>
  (headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((protocol) => protocol.trim())
    .find((protocol) => protocol.startsWith(SUBPROTOCOL_KEY) && protocol.length > SUBPROTOCOL_KEY.length)
    ?.slice(SUBPROTOCOL_KEY.length)

const authorise = (request: HandshakeRequest, azure: boolean, apiKey: string | undefined): Decision | undefined => {
  const keys = azure
    ? [request.headers["api-key"], bearer(request.headers)]
    : [bearer(request.headers), subprotocolKey(request.headers)]
  const sent = keys.filter((key): key is string => key !== undefined && key.length > 0)
  if (sent.length > 0 && (apiKey === undefined || sent.includes(apiKey))) return undefined
  if (azure) {
    return azureError(
      401,
      "401",
      "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an " +
        "active subscription and use a correct regional API endpoint for your resource."
    )
  }
  if (sent.length === 0) return missingKey
  return openAiError(
    401,
    `Incorrect API key provided: ${masked(sent[0])}. You can find your API key at ` +
      "https://platform.openai.com/account/api-keys.",
    "invalid_request_error",
    "invalid_api_key",
    null
  )
}

const select = (request: HandshakeRequest, azure: boolean, models: Behaviour["models"]): Decision => {
  const model = request.query["model"] || undefined
  const intent = request.query["intent"] || undefined
  if (model !== undefined && intent !== undefined) {
    return openAiError(
      400,
      "Provide exactly one of the 'model' or 'intent' query parameters.",
      "invalid_request_error",
      "invalid_request",
      "intent"
    )
  }
  if (intent !== undefined && intent !== "transcription") {
    return openAiError(
      400,
      `Invalid value: '${intent}'. Supported values are: 'transcription'.`,
      "invalid_request_error",
      "invalid_value",
      "intent"
    )
  }
  if (model === undefined && intent === undefined) {
    return openAiError(
      400,
      "Missing required parameter: 'model'.",
      "invalid_request_error",
      "missing_required_parameter",
      "model"
    )
  }
  if (model !== undefined && models !== undefined && !models.includes(model)) {
    return azure
      ? azureError(
        404,
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 " +
          "minutes, please wait a moment and try again."
      )
      : openAiError(
        404,
        `The model \`${model}\` does not exist or you do not have access to it.`,
        "invalid_request_error",
        "model_not_found",
        null
      )
  }
  const beta = /realtime\s*=\s*v1/i.test(request.headers["openai-beta"] ?? "")
  return { _tag: "Accept", model, beta }
}

/**
 * Routes, authenticates and checks the query of a handshake, in that order: unknown path → 404, key → 401,
 * selectors → 400, unknown model (when `models` is set) → 404.
 *
 * @internal
 */
export const decide = (request: HandshakeRequest, behaviour: Behaviour): Decision => {
  const azure = request.path === AZURE_PATH
  if (request.path !== OPENAI_PATH && !azure) {
    return openAiError(
      404,
      `Invalid URL (${request.method} ${request.path})`,
      "invalid_request_error",
      null,
      null
    )
  }
  return authorise(request, azure, behaviour.apiKey) ?? select(request, azure, behaviour.models)
}

/** The raw HTTP response of a refusal, written on the upgrade socket. @internal */
export const refusalResponse = (status: number, body: unknown): string => {
  const json = JSON.stringify(body)
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
    "Content-Type: application/json\r\n" +
    `Content-Length: ${Buffer.byteLength(json)}\r\n` +
    "Connection: close\r\n\r\n" +
    json
}
