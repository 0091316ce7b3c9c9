import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as Mailbox from "effect/Mailbox"
import { BYTES_PER_SECOND, type Options, type Plan } from "../SummariserOptions.js"
import type { SummaryEvent } from "../SummaryEvent.js"
import { Ledger } from "./ledger.js"
import { Signal } from "./signal.js"
import { Story } from "./story.js"
import { WindowBook } from "./windows.js"

/**
 * Everything the parts of one run share: the audio kept for replay, the windows, the story so far, the
 * totals, and the output. Owned by the run's fibers, which take turns (JavaScript is single-threaded and
 * nothing here is touched across a yield without looking again).
 *
 * @internal
 */
export class RunState {
  readonly ledger: Ledger
  readonly book: WindowBook
  /** Wakes the feeder: bytes arrived. Frequent (every chunk of the input), so it wakes nobody else. */
  readonly arrived = new Signal()
  /** Wakes everyone: a window was placed, summarised or dropped, a session died, the input ended. Rare. */
  readonly changed = new Signal()
  readonly story = new Story()
  /** Set once the input ended (or was stopped) and the last window is closed. */
  inputEnded = false
  /** The model whose prices apply: the option, else the first session's. */
  model: string | undefined
  totalCost: number | null = 0
  /** A session event that failed the run for good (an error that cannot pass). */
  readonly fatal: Deferred.Deferred<never, unknown>
  /** Completed to stop reading the input (the budget was reached). */
  readonly stopInput: Deferred.Deferred<void>
  /** Wall-clock length of the last closed window, to foresee when the next boundary comes. */
  lastWindowMillis: number

  constructor(
    readonly options: Options,
    readonly plan: Plan,
    private readonly output: Mailbox.Mailbox<SummaryEvent, unknown>,
    fatal: Deferred.Deferred<never, unknown>,
    stopInput: Deferred.Deferred<void>,
    /** The run's clock, read without an effect where the input's chunks are kept. */
    readonly clock: Clock.Clock
  ) {
    this.ledger = new Ledger(options.maxBufferedBytes)
    this.book = new WindowBook(plan.summaryBytes)
    this.model = options.model
    this.fatal = fatal
    this.stopInput = stopInput
    this.lastWindowMillis = options.summaryIntervalSeconds * 1000
  }

  static make(
    options: Options,
    plan: Plan,
    output: Mailbox.Mailbox<SummaryEvent, unknown>
  ): Effect.Effect<RunState> {
    return Effect.all([Deferred.make<never, unknown>(), Deferred.make<void>(), Effect.clock]).pipe(
      Effect.map(([fatal, stop, clock]) => new RunState(options, plan, output, fatal, stop, clock))
    )
  }

  emit(event: SummaryEvent): Effect.Effect<void> {
    return Effect.asVoid(this.output.offer(event))
  }

  seconds(bytes: number): number {
    return bytes / BYTES_PER_SECOND
  }

  /** The input ended and every window is summarised or dropped. */
  done(): boolean {
    return this.inputEnded && this.book.firstPending() === undefined
  }

  /** Forgets the audio of the windows that are finished, and wakes whoever waits. */
  settle(): void {
    this.book.prune()
    const first = this.book.firstPending()
    this.ledger.dropBefore(first === undefined ? this.ledger.end : first.startByte)
    this.notifyChanged()
  }

  notifyChanged(): void {
    this.changed.notify()
    this.arrived.notify()
  }
}

/** @internal */
export const now = Clock.currentTimeMillis
