import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import type { TestClient } from "./client.js"
import { append, base64, connect, pcm } from "./client.js"

const usageOf = (client: TestClient, response: Record<string, unknown>) =>
  Effect.gen(function*() {
    yield* client.send({ type: "response.create", response })
    const done = yield* client.waitFor("response.done")
    return done.response.usage
  })

const expected = (audio: number, text: number, output: number) => ({
  total_tokens: audio + text + output,
  input_tokens: audio + text,
  output_tokens: output,
  input_token_details: {
    text_tokens: text,
    audio_tokens: audio,
    image_tokens: 0,
    cached_tokens: 0,
    cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 }
  },
  output_token_details: { text_tokens: output, audio_tokens: 0 }
})

describe("token accounting", () => {
  it.scopedLive("bills 1 token per 100 ms of user audio and ~4 characters per text token, in context", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ summaryText: () => "x".repeat(10) })
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      yield* client.send({
        type: "session.update",
        session: { type: "realtime", output_modalities: ["text"], instructions: "12345678" }
      })
      yield* client.until("session.updated")
      yield* append(client, pcm(48_000))
      yield* client.send({ type: "input_audio_buffer.commit" })
      const first = (yield* client.waitFor("input_audio_buffer.committed")).item_id
      yield* client.until("conversation.item.done")
      yield* append(client, pcm(4_801))
      yield* client.send({ type: "input_audio_buffer.commit" })
      yield* client.until("conversation.item.done")
      yield* client.send({
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "input_text", text: "hello world" }] }
      })
      yield* client.until("conversation.item.done")

      // audio 10 + 2 tokens; text: instructions 2 + "hello world" 3; output "xxxxxxxxxx" 3
      assert.deepStrictEqual(yield* usageOf(client, {}), expected(12, 5, 3))

      // only the referenced audio and the inline system text, with the response's own instructions
      const outOfBand = yield* usageOf(client, {
        conversation: "none",
        instructions: "abcd",
        input: [
          { type: "item_reference", id: first },
          { type: "message", role: "system", content: [{ type: "input_text", text: "abcdefghi" }] }
        ]
      })
      assert.deepStrictEqual(outOfBand, expected(10, 4, 3))

      // the first answer is now part of the default conversation
      assert.deepStrictEqual(yield* usageOf(client, {}), expected(12, 8, 3))

      assert.deepStrictEqual(yield* server.usage, {
        responses: 3,
        inputTokens: 51,
        inputTextTokens: 17,
        inputAudioTokens: 34,
        outputTokens: 9,
        outputTextTokens: 9,
        totalTokens: 60
      })
    }))

  it.scopedLive("counts the audio of items created with input_audio content", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ summaryText: () => "" })
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      yield* client.send({
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "input_audio", audio: base64(pcm(9_600)) }] }
      })
      const added = yield* client.waitFor("conversation.item.added")
      assert.deepStrictEqual(added.item.content, [{ type: "input_audio", transcript: null }])
      const usage = yield* usageOf(client, { instructions: "" })
      assert.deepStrictEqual(usage, expected(2, 0, 0))
      const [received] = yield* server.received
      assert.deepStrictEqual(received.event, {
        type: "conversation.item.create",
        item: { type: "message", role: "user", content: [{ type: "input_audio", audioBytes: 9_600 }] }
      })
    }))
})
