import type { Effect } from "effect"
import { Stream } from "effect"
import type { AudioCaptureError } from "../../src/AudioCaptureError.js"
import * as SourceOutage from "../../src/SourceOutage.js"

/** Audio bytes before the first outage, the outages, and audio bytes after the first outage. */
export interface Tally {
  readonly before: number
  readonly outages: ReadonlyArray<SourceOutage.SourceOutage>
  readonly after: number
}

/** Reads a supervised stream until `afterBytes` of audio came after an outage, then stops it. */
export const tallyUntil = (
  stream: Stream.Stream<Uint8Array | SourceOutage.SourceOutage, AudioCaptureError>,
  afterBytes: number
): Effect.Effect<Tally, AudioCaptureError> =>
  Stream.runFoldWhile(
    stream,
    { before: 0, outages: [], after: 0 } as Tally,
    (tally) => tally.after < afterBytes,
    (tally, element) =>
      SourceOutage.isSourceOutage(element)
        ? { ...tally, outages: [...tally.outages, element] }
        : tally.outages.length === 0
        ? { ...tally, before: tally.before + element.length }
        : { ...tally, after: tally.after + element.length }
  )

/** The audio bytes and the outages of a supervised stream that ends. */
export const countBytes = (stream: Stream.Stream<Uint8Array | SourceOutage.SourceOutage, AudioCaptureError>) =>
  Stream.runFold(stream, { bytes: 0, outages: 0 }, (acc, element) =>
    SourceOutage.isSourceOutage(element)
      ? { ...acc, outages: acc.outages + 1 }
      : { ...acc, bytes: acc.bytes + element.length })
