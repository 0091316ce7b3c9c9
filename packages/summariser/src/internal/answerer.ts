import * as RealtimeError from "@pkg/realtime-client/RealtimeError"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import { SummaryEvent } from "../SummaryEvent.js"
import type { Epoch } from "./epoch.js"
import { summaryInput, summaryInstructions } from "./prompt.js"
import { waitFor } from "./signal.js"
import type { RunState } from "./state.js"
import { summaryCost, summaryUsage } from "./usage.js"
import { endOf, isClosed, type WindowRecord } from "./windows.js"

/**
 * A window whose own summary failed this many times (a failed or incomplete response, no answer in time)
 * is given up: its audio is reported as a gap and the run goes on.
 *
 * @internal
 */
export const MAX_WINDOW_FAILURES = 3

type Ready = { readonly window: WindowRecord; readonly epoch: Epoch } | "done" | "budget"

const failEpoch = (epoch: Epoch, error: RealtimeError.RealtimeError) =>
  Deferred.unsafeDone(epoch.failed, Exit.fail(error))

/**
 * Whether the summary that just cost `cost` is the last but one: the budget is reached, or one more summary
 * like it would pass it. The one more (the window in progress) is still made, so the total ends within
 * one summary of the budget, never more than one summary above it.
 */
const budgetEndsHere = (budget: number, total: number, cost: number | null): boolean =>
  total >= budget || (cost !== null && total + cost > budget)

/**
 * The window answerer: takes the windows in order, and once a window is closed and all its audio committed
 * in a live session, asks that session for an out-of-band summary over the window's items (and the story so
 * far as text), streams its text, reports its usage and cost, deletes the items it read, and forgets the
 * window's audio. Summaries come out in window order, one at a time (each one's story includes the one
 * before).
 *
 * Faults: a session lost under a response makes the window wait for its replay in the next session; a
 * failed response, an `error` for the request or a response with no end within the timeout fails the
 * session (a new one is opened and the window replayed), and after {@link MAX_WINDOW_FAILURES} of those the
 * window is given up as a gap. An error that cannot pass (an invalid request) fails the run.
 *
 * @internal
 */
export const answer = (state: RunState): Effect.Effect<void> =>
  Effect.gen(function*() {
    let budgetReached = false
    let budgetApplied = false
    let priceWarned = false

    const ready = (): Ready | undefined => {
      if (state.done()) return "done"
      if (budgetReached && !budgetApplied) return state.inputEnded ? "budget" : undefined
      const window = state.book.firstPending()
      if (window === undefined || !isClosed(window)) return undefined
      const placement = window.placement
      if (placement === undefined || !placement.complete || placement.epoch.dead) return undefined
      return { window, epoch: placement.epoch as Epoch }
    }

    const applyBudget = Effect.suspend(() => {
      budgetApplied = true
      const [next, ...rest] = state.book.pending()
      if (next !== undefined) next.final = true
      for (const window of rest) window.state = "dropped"
      state.settle()
      return Effect.forEach(rest, (window) =>
        state.emit(SummaryEvent.Gap({
          start: state.seconds(window.startByte),
          end: state.seconds(endOf(window)),
          reason: "budget",
          detail: "the budget was reached: audio received after the final window is not summarised"
        })), { discard: true })
    })

    // The items a summary read are deleted before the next window is asked for (one round trip, all at once),
    // so the conversation never holds more than about one window of audio.
    const deleteItems = (window: WindowRecord, epoch: Epoch) =>
      epoch.session.deleteItems((window.placement?.items ?? []).map((item) => item.id)).pipe(
        Effect.catchAll((error) =>
          Effect.logDebug(`deleting the items of the summary of window ${window.index} failed: ${error.message}`)
        )
      )

    const giveUp = (window: WindowRecord, epoch: Epoch, error: RealtimeError.RealtimeError) =>
      Effect.gen(function*() {
        window.state = "dropped"
        yield* deleteItems(window, epoch)
        state.settle()
        yield* state.emit(SummaryEvent.Warning({
          code: "summary-failed",
          message: `the summary of ${state.seconds(window.startByte)}–${
            state.seconds(endOf(window))
          } s failed ${MAX_WINDOW_FAILURES} times (${error.message}); going on without it`
        }))
        yield* state.emit(SummaryEvent.Gap({
          start: state.seconds(window.startByte),
          end: state.seconds(endOf(window)),
          reason: "summary-failed",
          detail: error.message
        }))
      })

    const complete = (window: WindowRecord, epoch: Epoch, text: string, usage: Parameters<typeof summaryCost>[1]) =>
      Effect.gen(function*() {
        const model = state.model ?? epoch.session.session.model ?? "unknown"
        const cost = summaryCost(model, usage)
        if (cost === null && !priceWarned) {
          priceWarned = true
          yield* state.emit(SummaryEvent.Warning({
            code: "unknown-price",
            message: `no price is known for model ${model}: costs are not computed`
          }))
        }
        state.totalCost = state.totalCost === null || cost === null ? null : state.totalCost + cost
        epoch.summaries++
        window.state = "summarised"
        state.story.add(text)
        yield* state.emit(SummaryEvent.SummaryCompleted({
          index: window.index,
          start: state.seconds(window.startByte),
          end: state.seconds(endOf(window)),
          final: window.final,
          startedAt: window.startedAt,
          endedAt: window.endedAt ?? window.startedAt,
          text,
          model,
          usage: usage === null || usage === undefined ? undefined : summaryUsage(usage),
          cost,
          totalCost: state.totalCost
        }))
        yield* deleteItems(window, epoch)
        state.settle()
        const budget = state.options.budgetUsd
        const spent = state.totalCost
        if (!budgetReached && budget !== undefined && spent !== null && budgetEndsHere(budget, spent, cost)) {
          budgetReached = true
          yield* state.emit(SummaryEvent.BudgetReached({
            budget,
            spent,
            audioSeconds: state.seconds(state.ledger.end)
          }))
          yield* Deferred.succeed(state.stopInput, undefined)
        }
      })

    const summarise = (window: WindowRecord, epoch: Epoch) =>
      Effect.gen(function*() {
        const start = state.seconds(window.startByte)
        const end = state.seconds(endOf(window))
        window.starts++
        yield* state.emit(SummaryEvent.SummaryStarted({
          index: window.index,
          start,
          end,
          final: window.final,
          startedAt: window.startedAt,
          endedAt: window.endedAt ?? window.startedAt,
          attempt: window.starts
        }))
        const response = yield* epoch.session.createResponse({
          conversation: "none",
          output_modalities: ["text"],
          instructions: summaryInstructions(state.options.instructions, state.options.language),
          metadata: { purpose: "summary", window: String(window.index) },
          input: summaryInput(state.story.current, { start, end, final: window.final }, window.placement!.items)
        })
        const timeout = state.options.responseTimeoutSeconds * 1000
        // The deltas that arrived together go out as one SummaryDelta: a summary streams in tens of small
        // deltas, and each event costs its reader more than the concatenation costs here. They are taken in
        // batches (`takeEvents`) rather than through `events`, whose stream machinery costs more per batch.
        const streamText: Effect.Effect<void, RealtimeError.RealtimeError> = Effect.flatMap(
          response.takeEvents,
          ([events, done]) => {
            let text = ""
            for (const event of events) if (event.type === "response.output_text.delta") text += event.delta
            const emitted = text === ""
              ? Effect.void
              : state.emit(SummaryEvent.SummaryDelta({ index: window.index, text }))
            return done ? emitted : Effect.zipRight(emitted, streamText)
          }
        )
        return yield* streamText.pipe(
          Effect.zipRight(response.done),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new RealtimeError.RealtimeProtocolError({
                reason: "ReplyTimeout",
                message: `the summary of ${start}–${end} s did not finish within ${timeout / 1000} s`,
                disposition: "retryable"
              })
          }),
          Effect.tapError(() => Effect.forkIn(Effect.ignore(epoch.session.cancelResponse(response.id)), epoch.scope))
        )
      })

    while (true) {
      const next = yield* waitFor(state.changed, ready)
      if (next === "done") return
      if (next === "budget") {
        yield* applyBudget
        continue
      }
      const { epoch, window } = next
      const outcome = yield* Effect.either(summarise(window, epoch))
      if (window.state !== "pending") continue
      if (Either.isRight(outcome)) {
        yield* complete(window, epoch, outcome.right.text, outcome.right.usage)
        continue
      }
      const error = outcome.left
      if (epoch.dead) continue
      if (error.disposition === "fatal" && error._tag !== "RealtimeResponseError") {
        failEpoch(epoch, error)
        yield* Deferred.fail(state.fatal, error)
        return
      }
      const ownFault = error._tag === "RealtimeResponseError" || error._tag === "RealtimeProtocolError" ||
        (error._tag === "RealtimeServerError" && error.eventId !== null && error.reason !== "RateLimited")
      if (ownFault) window.failures++
      if (window.failures >= MAX_WINDOW_FAILURES) {
        yield* giveUp(window, epoch, error)
        continue
      }
      failEpoch(epoch, error)
      yield* waitFor(state.changed, () => epoch.dead || undefined)
    }
  })
