/**
 * Type-level agreement with OpenAI's Node SDK (the `openai` package), checked by `tsc` in `pnpm check`: on
 * every event type both know, an event as the SDK types it must be one our Schemas take (decode for server
 * events, encode for client events). The day the SDK moves (a field renamed, a new field or variant, a type
 * changed), this file stops compiling and names the events that drifted.
 *
 * The comparison is structural and deep, on the Schemas' encoded (wire) side. Where the two differ on purpose,
 * the difference is named below with its reason, and the SDK's type is adjusted only there.
 */
import type { ClientEvent } from "@pkg/realtime-client/ClientEvent"
import type { KnownServerEvent } from "@pkg/realtime-client/ServerEvent"
import type { Schema } from "effect"
import type { RealtimeClientEvent, RealtimeServerEvent } from "openai/resources/realtime/realtime"

type Primitive = string | number | boolean | bigint | symbol | null | undefined

/**
 * On purpose: our objects carry their `type` (it tells union members apart, and the service always sends it),
 * where the SDK, generated from the OpenAPI document, types most `type` fields as optional.
 */
type Tagged<T> = T extends Primitive ? T
  : T extends ReadonlyArray<infer A> ? Array<Tagged<A>>
  : string extends keyof T ? { [K in keyof T]: Tagged<T[K]> }
  : T extends { readonly type?: infer D } ?
      & { [K in keyof T as K extends "type" ? never : K]: Tagged<T[K]> }
      & { type: Exclude<D, undefined> }
  : { [K in keyof T]: Tagged<T[K]> }

/**
 * On purpose: every `response` object we decode has an `id` and a `status` (the service always sends them, and
 * the client matches events to their response by id); the SDK types them as optional.
 */
type WithResponseId<E> = E extends { readonly response: infer R } ? Omit<E, "response"> & {
    response: R & { id: string; status: Exclude<R extends { status?: infer S } ? S : never, undefined> }
  }
  : E

/**
 * On purpose: our conversation items are unions told apart by role and content type, each with its payload
 * required (`input_text` has its `text`, `input_audio` its `audio`); the SDK types one interface per role with
 * every content field optional. Items are left out here and checked by the round-trip and SDK tests instead.
 */
type WithoutItems<E> = E extends { readonly type: "conversation.item.create" } ? Omit<E, "item">
  : E extends { readonly type: "response.create"; readonly response?: infer R } ?
    Omit<E, "response"> & { response?: Omit<NonNullable<R>, "input"> }
  : E

type OursServer = Schema.Schema.Encoded<typeof KnownServerEvent>
type OursClient = Schema.Schema.Encoded<typeof ClientEvent>

/** The event types both sides know. */
type SharedServerTypes = Extract<RealtimeServerEvent["type"], OursServer["type"]>
type SharedClientTypes = Extract<RealtimeClientEvent["type"], OursClient["type"]>

type Assignable<A, B> = [A] extends [B] ? true : false

/** The SDK's server event of type `T` decodes with our Schema of that event. */
type ServerAgrees<T extends SharedServerTypes> = Assignable<
  Tagged<WithResponseId<Extract<RealtimeServerEvent, { readonly type: T }>>>,
  Extract<OursServer, { readonly type: T }>
>

/** The SDK's client event of type `T` encodes with our Schema of that event. */
type ClientAgrees<T extends SharedClientTypes> = Assignable<
  Tagged<WithoutItems<Extract<RealtimeClientEvent, { readonly type: T }>>>,
  WithoutItems<Extract<OursClient, { readonly type: T }>>
>

type Disagreements<Agreement extends Record<string, boolean>> = {
  [T in keyof Agreement as Agreement[T] extends true ? never : T]: Agreement[T]
}

/** A compile error here lists the server event types on which the SDK and our Schemas disagree. */
export const serverDisagreements: Disagreements<{ [T in SharedServerTypes]: ServerAgrees<T> }> = {}

/** A compile error here lists the client event types on which the SDK and our Schemas disagree. */
export const clientDisagreements: Disagreements<{ [T in SharedClientTypes]: ClientAgrees<T> }> = {}

/** The check is not vacuous: the two sides share (at least) these server events… */
export const sharedServerTypes: ReadonlyArray<SharedServerTypes> = [
  "session.created",
  "session.updated",
  "error",
  "input_audio_buffer.committed",
  "conversation.item.added",
  "conversation.item.done",
  "conversation.item.deleted",
  "conversation.item.input_audio_transcription.delta",
  "conversation.item.input_audio_transcription.completed",
  "conversation.item.input_audio_transcription.failed",
  "response.created",
  "response.output_text.delta",
  "response.output_text.done",
  "response.done",
  "rate_limits.updated"
]

/** …and every client event type we send is one the SDK knows. */
export const everyClientTypeShared: Assignable<OursClient["type"], SharedClientTypes> = true
