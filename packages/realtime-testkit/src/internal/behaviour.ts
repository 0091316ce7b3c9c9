import type { Behaviour, SummaryRequest, TranscriptionRequest } from "../Behaviour.js"
import { BYTES_PER_SECOND } from "./audio.js"

/** @internal */
export const defaultSummaryText = (request: SummaryRequest): string =>
  `Local simulator summary #${request.index + 1}: this response's context holds ${
    (request.audioBytesCommitted / BYTES_PER_SECOND).toFixed(1)
  } s of committed audio (${request.audioBytesCommitted} bytes in ${request.audioItemsCommitted} ${
    request.audioItemsCommitted === 1 ? "item" : "items"
  }). ` +
  "This text comes from the local Realtime simulator, not from a model."

/** @internal */
export const defaultTranscriptText = (request: TranscriptionRequest): string =>
  `Simulated transcript of ${
    (request.audioBytes / BYTES_PER_SECOND).toFixed(1)
  } s of audio (item ${request.itemId}), ` +
  "from the local Realtime simulator."

/** @internal */
export const defaultBehaviour: Behaviour = {
  summaryText: defaultSummaryText,
  deltaSize: 12,
  responseDelay: 0,
  deltaDelay: 0,
  apiKey: undefined,
  models: undefined,
  faults: [],
  sessionLimit: "60 minutes",
  transcriptText: defaultTranscriptText,
  transcriptionDelay: () => 0,
  maxRecordedAudioBytes: 64 * 1024 * 1024,
  maxRecordedEvents: 100_000
}
