import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import { connect, eventually } from "./client.js"

const refused = (server: RealtimeTestServer.TestServer, path: string, options: Parameters<typeof connect>[1] = {}) =>
  Effect.flip(connect(`${server.url.replace("/v1/realtime", "")}${path}`, options))

describe("handshake", () => {
  it.scopedLive("accepts ?model= with a bearer key, announces the session and records the handshake", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/)
      assert.strictEqual(server.baseUrl, server.url.replace("ws://", "http://").replace("/realtime", ""))
      const client = yield* connect(`${server.url}?model=gpt-realtime`, { key: "sk-abc" })
      const created = yield* client.next
      assert.strictEqual(created.type, "session.created")
      const [info] = yield* server.connections
      assert.strictEqual(info.index, 0)
      assert.strictEqual(info.path, "/v1/realtime")
      assert.deepStrictEqual(info.query, { model: "gpt-realtime" })
      assert.strictEqual(info.headers["authorization"], "Bearer sk-abc")
      assert.deepStrictEqual(info.status, { _tag: "Accepted" })
      assert.isUndefined(info.closeCode)
    }))

  it.scopedLive("opens a transcription session for ?intent=transcription", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?intent=transcription`)
      const created = yield* client.next
      assert.strictEqual(created.session.type, "transcription")
      assert.strictEqual(created.session.object, "realtime.transcription_session")
      assert.isUndefined(created.session.model)
    }))

  it.scopedLive("refuses a handshake without a key with 401, whatever the behaviour", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const error = yield* refused(server, "/v1/realtime?model=gpt-realtime", { key: "" })
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.body.error.type, "invalid_request_error")
      assert.isNull(error.body.error.code)
      assert.match(error.body.error.message, /You didn't provide an API key/)
      assert.deepStrictEqual((yield* server.connections)[0].status, { _tag: "Refused", status: 401 })
    }))

  it.scopedLive("refuses a wrong key with 401 invalid_api_key when apiKey is set, and accepts the right one", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ apiKey: "sk-right-key-1234" })
      const error = yield* refused(server, "/v1/realtime?model=gpt-realtime", { key: "sk-wrong-key-9876" })
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.body.error.code, "invalid_api_key")
      assert.match(error.body.error.message, /^Incorrect API key provided: sk-\*+9876\./)
      const client = yield* connect(`${server.url}?model=gpt-realtime`, { key: "sk-right-key-1234" })
      assert.strictEqual((yield* client.next).type, "session.created")
    }))

  it.scopedLive("takes the key from the browser subprotocol and selects the realtime subprotocol", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ apiKey: "ek_browser" })
      const client = yield* connect(`${server.url}?model=gpt-realtime`, {
        key: "",
        protocols: ["realtime", "openai-insecure-api-key.ek_browser"]
      })
      assert.strictEqual(client.ws.protocol, "realtime")
      assert.strictEqual((yield* client.next).type, "session.created")
    }))

  it.scopedLive("accepts Azure's api-key header on /openai/v1/realtime and refuses a wrong one Azure-style", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ apiKey: "azure-key" })
      const base = server.url.replace("/v1/realtime", "")
      const client = yield* connect(`${base}/openai/v1/realtime?model=my-deployment`, {
        key: "",
        headers: { "api-key": "azure-key" }
      })
      assert.strictEqual((yield* client.next).session.model, "my-deployment")
      const error = yield* refused(server, "/openai/v1/realtime?model=my-deployment", {
        key: "",
        headers: { "api-key": "nope" }
      })
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.body.error.code, "401")
      assert.match(error.body.error.message, /^Access denied due to invalid subscription key/)
    }))

  it.scopedLive("answers 404 for an unknown path and 400 for missing, doubled or unknown selectors", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const unknownPath = yield* refused(server, "/v1/realtime/calls?model=gpt-realtime")
      assert.strictEqual(unknownPath.status, 404)
      assert.strictEqual(unknownPath.body.error.message, "Invalid URL (GET /v1/realtime/calls)")
      const missing = yield* refused(server, "/v1/realtime")
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.body.error.code, "missing_required_parameter")
      assert.strictEqual(missing.body.error.param, "model")
      const both = yield* refused(server, "/v1/realtime?model=gpt-realtime&intent=transcription")
      assert.strictEqual(both.status, 400)
      const badIntent = yield* refused(server, "/v1/realtime?intent=conversation")
      assert.strictEqual(badIntent.status, 400)
      assert.strictEqual(badIntent.body.error.param, "intent")
      const statuses = (yield* server.connections).map((info) => info.status)
      assert.deepStrictEqual(statuses, [404, 400, 400, 400].map((status) => ({ _tag: "Refused", status })))
    }))

  it.scopedLive("answers 404 model_not_found for a model outside the models list", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ models: ["gpt-realtime"] })
      const error = yield* refused(server, "/v1/realtime?model=gpt-4o-realtime-preview")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.body.error.code, "model_not_found")
      assert.strictEqual(
        error.body.error.message,
        "The model `gpt-4o-realtime-preview` does not exist or you do not have access to it."
      )
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      assert.strictEqual((yield* client.next).type, "session.created")
    }))

  it.scopedLive("accepts the beta header, then sends beta_api_shape_disabled and closes with 4000", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?model=gpt-realtime`, { headers: { "OpenAI-Beta": "realtime=v1" } })
      assert.strictEqual((yield* client.next).type, "session.created")
      const error = yield* client.next
      assert.strictEqual(error.type, "error")
      assert.deepStrictEqual(error.error, {
        type: "invalid_request_error",
        code: "beta_api_shape_disabled",
        message: "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
        param: null,
        event_id: null
      })
      assert.strictEqual((yield* client.closed).code, 4000)
    }))

  it.scopedLive("RefuseHandshake refuses the next handshakes with its status, then lets them through", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ faults: [{ _tag: "RefuseHandshake", status: 503, times: 2 }] })
      const first = yield* refused(server, "/v1/realtime?model=gpt-realtime")
      const second = yield* refused(server, "/v1/realtime?model=gpt-realtime")
      assert.strictEqual(first.status, 503)
      assert.strictEqual(second.status, 503)
      assert.strictEqual(first.body.error.type, "server_error")
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      assert.strictEqual((yield* client.next).type, "session.created")
      const statuses = (yield* server.connections).map((info) => info.status)
      assert.deepStrictEqual(statuses, [
        { _tag: "Refused", status: 503 },
        { _tag: "Refused", status: 503 },
        { _tag: "Accepted" }
      ])
    }))

  it.scopedLive("records the close code and reason of a connection", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      client.ws.close(1000, "bye")
      const [info] = yield* eventually(server.connections, (infos) => infos[0]?.closeCode !== undefined)
      assert.strictEqual(info.closeCode, 1000)
      assert.strictEqual(info.closeReason, "bye")
    }))
})
