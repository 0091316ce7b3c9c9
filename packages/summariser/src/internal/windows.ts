/**
 * The window record: what survives a session. A window is the audio between two summary boundaries (byte
 * offsets of the input); its placement says in which session its audio was committed, as which items.
 *
 * @internal
 */

/** What a window needs to know of the session it was committed in. @internal */
export interface EpochRef {
  readonly id: number
  /** Set when the session ended or was abandoned: its items can no longer be referenced. */
  readonly dead: boolean
}

/** One committed user audio item of a window. @internal */
export interface CommittedItem {
  readonly id: string
  readonly startByte: number
  readonly endByte: number
}

/** @internal */
export interface Placement {
  readonly epoch: EpochRef
  readonly items: Array<CommittedItem>
  /** Every byte of the (closed) window is committed in this epoch. */
  complete: boolean
}

/** @internal */
export interface WindowRecord {
  readonly index: number
  readonly startByte: number
  /** Where the window ends when nothing stops it early: its start plus the summary interval. */
  readonly nominalEnd: number
  /** Set when the window is closed (at `nominalEnd`, or earlier at the end of the input). */
  endByte: number | undefined
  readonly startedAt: number
  endedAt: number | undefined
  final: boolean
  state: "pending" | "summarised" | "dropped"
  /** Failed summary attempts that were this window's own (not a session lost under it). */
  failures: number
  /** How many times its summary was started (shown as `attempt`). */
  starts: number
  placement: Placement | undefined
}

/** @internal */
export const endOf = (window: WindowRecord): number => window.endByte ?? window.nominalEnd

/** @internal */
export const isClosed = (window: WindowRecord): boolean => window.endByte !== undefined

/**
 * The next commit point after `from` inside `window`: every `commitBytes` from the window's start, and the
 * window's end; a point closer than `minCommit` to the end is skipped, so the window's last commit is never
 * shorter than the server accepts.
 *
 * @internal
 */
export const nextCommitPoint = (window: WindowRecord, from: number, commitBytes: number, minCommit: number) => {
  const end = endOf(window)
  const steps = Math.floor((from - window.startByte) / commitBytes) + 1
  const point = window.startByte + steps * commitBytes
  return point < end && end - point >= minCommit ? point : end
}

/**
 * The windows not yet summarised (and the one open), in order.
 *
 * @internal
 */
export class WindowBook {
  private readonly windows: Array<WindowRecord> = []
  private nextIndex = 0

  constructor(readonly summaryBytes: number) {}

  open(startByte: number, at: number): WindowRecord {
    const window: WindowRecord = {
      index: this.nextIndex++,
      startByte,
      nominalEnd: startByte + this.summaryBytes,
      endByte: undefined,
      startedAt: at,
      endedAt: undefined,
      final: false,
      state: "pending",
      failures: 0,
      starts: 0,
      placement: undefined
    }
    this.windows.push(window)
    return window
  }

  /** The window still receiving audio, if any. */
  openWindow(): WindowRecord | undefined {
    const last = this.windows.at(-1)
    return last !== undefined && !isClosed(last) ? last : undefined
  }

  pending(): ReadonlyArray<WindowRecord> {
    return this.windows.filter((window) => window.state === "pending")
  }

  firstPending(): WindowRecord | undefined {
    return this.windows.find((window) => window.state === "pending")
  }

  /** The pending, closed window that ends at `offset`, if any. */
  endingAt(offset: number): WindowRecord | undefined {
    return this.windows.find((window) => window.state === "pending" && window.endByte === offset)
  }

  /** How many pending windows start before `offset`. */
  pendingBefore(offset: number): number {
    let count = 0
    for (const window of this.windows) {
      if (window.startByte >= offset) break
      if (window.state === "pending") count++
    }
    return count
  }

  /** The pending window holding `offset` (its end excluded), if any. */
  holding(offset: number): WindowRecord | undefined {
    return this.windows.find((window) =>
      window.state === "pending" && window.startByte <= offset && offset < endOf(window)
    )
  }

  /** Forgets the windows at the front that are summarised or dropped. */
  prune(): void {
    while (this.windows.length > 0 && this.windows[0]!.state !== "pending") this.windows.shift()
  }

  get count(): number {
    return this.nextIndex
  }
}
