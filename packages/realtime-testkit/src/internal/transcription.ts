import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import type { ErrorBody, Fault, TranscriptionRequest } from "../Behaviour.js"
import { selects } from "../Selection.js"
import { audioTokens, BYTES_PER_SECOND, textTokens } from "./audio.js"
import type { ConnectionState } from "./connectionState.js"
import type { StoredItem } from "./conversation.js"
import { chunk } from "./response.js"
import * as Session from "./session.js"

const unintelligible: ErrorBody = {
  type: "transcription_error",
  code: "audio_unintelligible",
  message: "The audio could not be transcribed.",
  param: null
}

/**
 * What the service reports for one transcription: whisper models bill by `duration`, the others by tokens
 * (audio in, text out).
 */
const usageOf = (request: TranscriptionRequest, transcript: string) => {
  if (request.model.includes("whisper")) {
    return { type: "duration", seconds: Math.round((request.audioBytes / BYTES_PER_SECOND) * 1000) / 1000 }
  }
  const input = audioTokens(request.audioBytes)
  const output = textTokens(transcript)
  return {
    type: "tokens",
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_token_details: { audio_tokens: input, text_tokens: 0 }
  }
}

type FailTranscription = Extract<Fault, { readonly _tag: "FailTranscription" }>

/** The `FailTranscription` fault that selects this item, if any. */
const scriptedFailure = (state: ConnectionState, faults: ReadonlyArray<Fault>, index: number) =>
  faults.find((fault): fault is FailTranscription =>
    fault._tag === "FailTranscription" && selects(fault.connections, state.session) && selects(fault.items, index)
  )

/**
 * Transcribes a committed audio item when the session asks for input transcription: after the behaviour's
 * delay for this item, `…input_audio_transcription.delta` events then `.completed` (or `.failed` when a
 * `FailTranscription` fault selects the item), on a fiber of the connection, so completions of different
 * items may arrive out of order. The stored item's transcript is filled in when it completes.
 *
 * @internal
 */
export const start = (state: ConnectionState, item: StoredItem): Effect.Effect<void> =>
  Effect.gen(function*() {
    const index = state.committedItems++
    const config = Session.transcriptionOf(state.sessionConfig)
    if (config === undefined) return
    const behaviour = yield* state.server.behaviour
    const request: TranscriptionRequest = {
      connection: state.index,
      index,
      itemId: item.id,
      audioBytes: item.audioBytes,
      model: config.model,
      language: config.language
    }
    const delay = Duration.decode(behaviour.transcriptionDelay(request))
    const deltaDelay = Duration.decode(behaviour.deltaDelay)
    const failure = scriptedFailure(state, behaviour.faults, index)
    const ids = { item_id: item.id, content_index: 0 }
    const transcribe = Effect.gen(function*() {
      if (failure !== undefined) {
        return yield* state.send({
          type: "conversation.item.input_audio_transcription.failed",
          ...ids,
          error: { param: null, ...(failure.error ?? unintelligible) }
        })
      }
      const transcript = behaviour.transcriptText(request)
      for (const [position, delta] of chunk(transcript, behaviour.deltaSize).entries()) {
        if (position > 0 && !Duration.isZero(deltaDelay)) yield* Effect.sleep(deltaDelay)
        yield* state.send({ type: "conversation.item.input_audio_transcription.delta", ...ids, delta })
      }
      state.conversation.setTranscript(item.id, transcript)
      yield* state.send({
        type: "conversation.item.input_audio_transcription.completed",
        ...ids,
        transcript,
        usage: usageOf(request, transcript)
      })
    })
    yield* FiberSet.run(state.transcriptions, Duration.isZero(delay) ? transcribe : Effect.delay(transcribe, delay))
  })
