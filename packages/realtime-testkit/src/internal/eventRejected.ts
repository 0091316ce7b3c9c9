import * as Data from "effect/Data"

/**
 * A client event the server refuses: answered with an `error` event of type `invalid_request_error` that
 * names the event's `event_id`. The session stays open.
 *
 * @internal
 */
export class EventRejected extends Data.TaggedError("EventRejected")<{
  readonly reason: "InvalidRequest"
  readonly code: string | null
  readonly message: string
  readonly param: string | null
}> {}

/** @internal */
export const invalidRequest = (code: string | null, message: string, param: string | null = null) =>
  new EventRejected({ reason: "InvalidRequest", code, message, param })
