import { assert, describe, it } from "@effect/vitest"
import { classifyCloseCode, classifyHandshakeStatus, classifyServerError } from "@pkg/realtime-client/RealtimeError"
import { Effect } from "effect"

describe("error classification", () => {
  it.effect("close codes", () =>
    Effect.sync(() => {
      for (const code of [1001, 1006, 1011, 1012, 1013]) assert.strictEqual(classifyCloseCode(code, false), "retryable")
      for (const code of [1002, 1003, 1007, 1008, 4000]) assert.strictEqual(classifyCloseCode(code, false), "fatal")
      assert.strictEqual(classifyCloseCode(1000, true), "user")
      assert.strictEqual(classifyCloseCode(1006, true), "user")
    }))

  it.effect("handshake statuses", () =>
    Effect.sync(() => {
      assert.strictEqual(classifyHandshakeStatus(401), "fatal")
      assert.strictEqual(classifyHandshakeStatus(403), "fatal")
      assert.strictEqual(classifyHandshakeStatus(404), "fatal")
      assert.strictEqual(classifyHandshakeStatus(429), "retryable")
      assert.strictEqual(classifyHandshakeStatus(503), "retryable")
    }))

  it.effect("server error codes", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(classifyServerError({ type: "invalid_request_error", code: "session_expired" }), {
        reason: "SessionExpired",
        disposition: "retryable"
      })
      assert.deepStrictEqual(classifyServerError({ type: "rate_limit_exceeded", code: "rate_limit_exceeded" }), {
        reason: "RateLimited",
        disposition: "retryable"
      })
      assert.deepStrictEqual(classifyServerError({ type: "invalid_request_error", code: "beta_api_shape_disabled" }), {
        reason: "BetaApiDisabled",
        disposition: "fatal"
      })
      assert.deepStrictEqual(classifyServerError({ type: "invalid_request_error", code: "invalid_value" }), {
        reason: "InvalidRequest",
        disposition: "fatal"
      })
      assert.deepStrictEqual(classifyServerError({ type: "server_error", code: null }), {
        reason: "Server",
        disposition: "retryable"
      })
    }))
})
