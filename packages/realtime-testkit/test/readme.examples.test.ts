import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer, Selection } from "@pkg/realtime-testkit"
import { Effect, Exit, Scope } from "effect"
import { readFileSync } from "node:fs"
import OpenAI from "openai"
import { OpenAIRealtimeWS } from "openai/realtime/ws"
import type { ResponseDoneEvent } from "openai/resources/realtime/realtime"
import { connect } from "./client.js"

// The README's TypeScript examples, run as tests. Each ```ts block of the README (below its imports) is in
// this file or, for the one that needs @pkg/realtime-client, in that package's testkit-readme.examples test.

export const summariseSilence = async (): Promise<ResponseDoneEvent> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const tls = await Effect.runPromise(RealtimeTestServer.selfSignedCertificate())
    const server = await Effect.runPromise(
      Scope.extend(RealtimeTestServer.serve({ apiKey: "sk-test" }, { tls }), scope)
    )

    const client = new OpenAI({ apiKey: "sk-test", baseURL: server.baseUrl }) // https://127.0.0.1:<port>/v1
    const rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1-mini", options: { ca: tls.cert } }, client)
    rt.on("error", (error) => console.error(error))
    const done = new Promise<ResponseDoneEvent>((resolve) => rt.on("response.done", resolve))
    rt.socket.on("open", () => {
      rt.send({ type: "session.update", session: { type: "realtime", output_modalities: ["text"] } })
      rt.send({ type: "input_audio_buffer.append", audio: Buffer.alloc(48_000).toString("base64") })
      rt.send({ type: "input_audio_buffer.commit" })
      rt.send({ type: "response.create", response: { conversation: "none", metadata: { window: "0" } } })
    })
    const event = await done
    rt.close()
    return event // event.response.metadata is { window: "0" }, its usage counts 10 audio tokens
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
const sources = [
  readFileSync(new URL(import.meta.url), "utf8"),
  readFileSync(new URL("../../realtime-client/test/testkit-readme.examples.test.ts", import.meta.url), "utf8")
]

/** Lines without their indentation, so that an example may sit indented in a test. */
const unindented = (text: string) => text.split("\n").map((line) => line.trimStart()).join("\n")

/** The ```ts blocks of the README without their import lines, trimmed. */
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((match) => match[1].split("\n").filter((line) => !line.startsWith("import ")).join("\n").trim())
  .filter((body) => body.length > 0)
  .map(unindented)

describe("README", () => {
  it("has its TypeScript examples here or in the client's README test, verbatim", () => {
    assert.isAtLeast(examples.length, 2)
    for (const example of examples) {
      assert.isTrue(
        sources.some((source) => unindented(source).includes(example)),
        `not run as a test:\n${example.slice(0, 200)}`
      )
    }
  })

  it.live("the openai SDK example completes a session over wss: against the testkit", () =>
    Effect.gen(function*() {
      const event = yield* Effect.promise(summariseSilence)
      assert.strictEqual(event.response.status, "completed")
      assert.deepStrictEqual(event.response.metadata, { window: "0" })
      assert.strictEqual(event.response.usage?.input_token_details?.audio_tokens, 10)
    }))

  it.scopedLive("the faults example drops the first connection, and the next one is healthy", () =>
    Effect.gen(function*() {
      const server = yield* (
        // drop the first connection after 1 s; the reconnected session is healthy
        RealtimeTestServer.make({
          faults: [{ _tag: "DropConnection", after: "1 second", connections: Selection.first(1) }]
        })
      )
      const first = yield* connect(`${server.url}?model=gpt-realtime`)
      assert.strictEqual((yield* first.closed).code, 1006)
      const second = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* second.send({ type: "response.create", response: { conversation: "none" } })
      assert.strictEqual((yield* second.waitFor("response.done")).response.status, "completed")
    }))
})
