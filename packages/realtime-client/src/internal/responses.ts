import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import type { RealtimeError } from "../RealtimeError.js"
import { RealtimeProtocolError, RealtimeResponseError } from "../RealtimeError.js"
import type { ServerEvent } from "../ServerEvent.js"

type ResponseDone = Extract<ServerEvent, { readonly type: "response.done" }>
type ResponseCreated = Extract<ServerEvent, { readonly type: "response.created" }>

/**
 * The outcome of a completed response.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseResult {
  readonly responseId: string
  readonly text: string
  readonly usage: ResponseDone["response"]["usage"]
  readonly response: ResponseDone["response"]
}

/** @internal */
export const RESPONSE_EVENT_CAPACITY = 16_384

/**
 * One `response.create` in flight: it waits for `response.created`, collects the
 * response's text, buffers its events for one reader, and completes on
 * `response.done`.
 *
 * Buffer policy: at most {@link RESPONSE_EVENT_CAPACITY} events of one response
 * wait for its reader; past that its event stream fails with an `Overflow`
 * error, while its text and usage still complete.
 *
 * @internal
 */
export class ResponseTracker {
  responseId: string | undefined = undefined
  private readonly textParts: Array<string> = []
  private readonly transcriptParts: Array<string> = []

  private constructor(
    readonly requestId: string,
    /** `true` when the request carries its id in `metadata`, so its `response.created` is found by it. */
    readonly tagged: boolean,
    readonly created: Deferred.Deferred<ResponseCreated["response"], RealtimeError>,
    readonly done: Deferred.Deferred<ResponseResult, RealtimeError>,
    readonly events: Mailbox.Mailbox<ServerEvent, RealtimeError>
  ) {}

  static make(requestId: string, tagged: boolean): Effect.Effect<ResponseTracker> {
    return Effect.all([
      Deferred.make<ResponseCreated["response"], RealtimeError>(),
      Deferred.make<ResponseResult, RealtimeError>(),
      Mailbox.make<ServerEvent, RealtimeError>()
    ]).pipe(Effect.map(([created, done, events]) => new ResponseTracker(requestId, tagged, created, done, events)))
  }

  onCreated(event: ResponseCreated): void {
    this.responseId = event.response.id
    Deferred.unsafeDone(this.created, Exit.succeed(event.response))
    this.push(event)
  }

  onEvent(event: ServerEvent): void {
    if (event.type === "response.output_text.delta") this.textParts.push(event.delta)
    else if (event.type === "response.output_audio_transcript.delta") this.transcriptParts.push(event.delta)
    if (event.type === "response.done") {
      this.push(event)
      this.complete(event)
      return
    }
    this.push(event)
  }

  fail(error: RealtimeError): void {
    Deferred.unsafeDone(this.created, Exit.fail(error))
    Deferred.unsafeDone(this.done, Exit.fail(error))
    this.events.unsafeDone(Exit.fail(error))
  }

  private push(event: ServerEvent): void {
    if (Option.getOrElse(this.events.unsafeSize(), () => 0) >= RESPONSE_EVENT_CAPACITY) {
      this.events.unsafeDone(Exit.fail(
        new RealtimeProtocolError({
          reason: "Overflow",
          message: `more than ${RESPONSE_EVENT_CAPACITY} events of response ${this.responseId} were not read`,
          disposition: "fatal"
        })
      ))
      return
    }
    this.events.unsafeOffer(event)
  }

  private complete(event: ResponseDone): void {
    const response = event.response
    const id = response.id ?? this.responseId ?? "unknown"
    const text = this.textParts.length > 0 ? this.textParts.join("") : this.transcriptParts.join("")
    this.events.unsafeDone(Exit.void)
    switch (response.status) {
      case "completed": {
        Deferred.unsafeDone(this.done, Exit.succeed({ responseId: id, text, usage: response.usage, response }))
        return
      }
      default: {
        const reason = response.status === "cancelled"
          ? "Cancelled" as const
          : response.status === "incomplete"
          ? "Incomplete" as const
          : "Failed" as const
        const details = response.status_details
        Deferred.unsafeDone(
          this.done,
          Exit.fail(
            new RealtimeResponseError({
              reason,
              message: `response ${id} ended with status ${response.status}${describeDetails(details)}`,
              disposition: reason === "Cancelled" ? "user" : reason === "Incomplete" ? "fatal" : "retryable",
              responseId: id,
              details
            })
          )
        )
      }
    }
  }
}

const describeDetails = (details: unknown): string => {
  if (typeof details !== "object" || details === null) return ""
  const record = details as { reason?: unknown; error?: { message?: unknown } }
  if (typeof record.error?.message === "string") return `: ${record.error.message}`
  if (typeof record.reason === "string") return ` (${record.reason})`
  return ""
}
