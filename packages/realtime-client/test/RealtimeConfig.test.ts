import { assert, describe, it } from "@effect/vitest"
import { realtimeUrl } from "@pkg/realtime-client/RealtimeConfig"
import { Effect, Either } from "effect"

const url = (options: Parameters<typeof realtimeUrl>[0]) =>
  Either.match(realtimeUrl(options), { onLeft: (error) => `error: ${error.message}`, onRight: (u) => u.toString() })

describe("realtimeUrl", () => {
  it.effect("https base URL becomes wss …/realtime?model=", () =>
    Effect.sync(() => {
      assert.strictEqual(url({}), "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1-mini")
      assert.strictEqual(
        url({ baseUrl: "https://api.openai.com/v1/", model: "gpt-realtime-2025-08-28" }),
        "wss://api.openai.com/v1/realtime?model=gpt-realtime-2025-08-28"
      )
    }))

  it.effect("http becomes ws, for local endpoints", () =>
    Effect.sync(() =>
      assert.strictEqual(
        url({ baseUrl: "http://127.0.0.1:8080/v1" }),
        "ws://127.0.0.1:8080/v1/realtime?model=gpt-realtime-2.1-mini"
      )
    ))

  it.effect("transcription sessions use ?intent=transcription and no model", () =>
    Effect.sync(() =>
      assert.strictEqual(
        url({ intent: "transcription", model: "ignored" }),
        "wss://api.openai.com/v1/realtime?intent=transcription"
      )
    ))

  it.effect("Azure uses /openai/v1/realtime?model=<deployment>", () =>
    Effect.sync(() => {
      assert.strictEqual(
        url({ baseUrl: "https://my-resource.openai.azure.com", model: "my-deployment" }),
        "wss://my-resource.openai.azure.com/openai/v1/realtime?model=my-deployment"
      )
      assert.strictEqual(
        url({ baseUrl: "https://proxy.example/openai/v1", model: "d", provider: "azure" }),
        "wss://proxy.example/openai/v1/realtime?model=d"
      )
    }))

  it.effect("a URL already ending in /realtime is kept", () =>
    Effect.sync(() =>
      assert.strictEqual(
        url({ baseUrl: "wss://gw.example/v1/realtime?x=1", model: "m" }),
        "wss://gw.example/v1/realtime?model=m"
      )
    ))

  it.effect("refuses what is not a URL, other schemes, credentials and an empty model", () =>
    Effect.sync(() => {
      assert.match(url({ baseUrl: "not a url" }), /error: invalid base URL "not a url"/)
      assert.match(url({ baseUrl: "ftp://x/v1" }), /error: .*expected http/)
      assert.match(url({ baseUrl: "https://user:pw@x/v1" }), /error: .*credentials/)
      assert.match(url({ model: " " }), /error: the model must not be empty/)
    }))
})
