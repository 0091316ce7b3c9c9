import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { Behaviour, Fault } from "../Behaviour.js"
import { selects } from "../Selection.js"
import { Recorder } from "./recorder.js"

/** A fault with a counter (`RefuseHandshake`, `ErrorOn`) and how many times it may still fire. @internal */
interface Armed {
  readonly fault: Fault
  readonly remaining: number
}

/** @internal */
export type ErrorOnFault = Extract<Fault, { readonly _tag: "ErrorOn" }>

type RefuseFault = Extract<Fault, { readonly _tag: "RefuseHandshake" }>

/** @internal */
export type IdPrefix = "event" | "item" | "resp" | "sess" | "conv"

const arm = (faults: ReadonlyArray<Fault>): ReadonlyArray<Armed> =>
  faults.map((fault) => ({
    fault,
    remaining: fault._tag === "RefuseHandshake" || fault._tag === "ErrorOn" ? fault.times : 0
  }))

/**
 * Takes one shot of the first armed fault that matches, if any.
 */
const fire = <F extends Fault>(armed: Ref.Ref<ReadonlyArray<Armed>>, match: (fault: Fault) => fault is F) =>
  Ref.modify(armed, (list): [Option.Option<F>, ReadonlyArray<Armed>] => {
    const index = list.findIndex((entry) => entry.remaining > 0 && match(entry.fault))
    if (index < 0) return [Option.none(), list]
    const entry = list[index]
    const next = list.slice()
    next[index] = { fault: entry.fault, remaining: entry.remaining - 1 }
    return [Option.some(entry.fault as F), next]
  })

/**
 * The state shared by every connection of one server.
 *
 * @internal
 */
export interface ServerState {
  readonly behaviour: Effect.Effect<Behaviour>
  readonly script: (patch: Partial<Behaviour>) => Effect.Effect<void>
  /** Consumes one `RefuseHandshake` shot and gives its HTTP status. */
  readonly takeRefusal: Effect.Effect<Option.Option<number>>
  /** Consumes one `ErrorOn` shot for this client event type on this session. */
  readonly takeErrorOn: (clientEventType: string, session: number) => Effect.Effect<Option.Option<ErrorOnFault>>
  readonly nextId: (prefix: IdPrefix) => Effect.Effect<string>
  readonly recorder: Recorder
}

/** @internal */
export const make = (initial: Behaviour): Effect.Effect<ServerState> =>
  Effect.gen(function*() {
    const behaviour = yield* Ref.make(initial)
    const armed = yield* Ref.make(arm(initial.faults))
    const counters = yield* Ref.make<Readonly<Record<IdPrefix, number>>>({
      event: 0,
      item: 0,
      resp: 0,
      sess: 0,
      conv: 0
    })
    return {
      behaviour: Ref.get(behaviour),
      script: (patch) =>
        Effect.zipRight(
          Ref.update(behaviour, (current) => ({ ...current, ...patch })),
          patch.faults === undefined ? Effect.void : Ref.set(armed, arm(patch.faults))
        ),
      takeRefusal: fire(armed, (fault): fault is RefuseFault => fault._tag === "RefuseHandshake").pipe(
        Effect.map(Option.map((fault) => fault.status))
      ),
      takeErrorOn: (clientEventType, session) =>
        fire(
          armed,
          (fault): fault is ErrorOnFault =>
            fault._tag === "ErrorOn" && fault.clientEventType === clientEventType &&
            selects(fault.connections, session)
        ),
      nextId: (prefix) =>
        Ref.modify(counters, (current) => {
          const n = current[prefix] + 1
          return [`${prefix}_${n}`, { ...current, [prefix]: n }]
        }),
      recorder: new Recorder()
    }
  })
