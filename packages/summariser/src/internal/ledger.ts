/**
 * The bytes of the segments the replay buffer copies its input into.
 *
 * @internal
 */
export const SEGMENT_BYTES = 256 * 1024

/** How many emptied segments are kept for reuse; the others are left to the collector. */
const SPARE_SEGMENTS = 4

/**
 * The audio kept for replay: every byte from the start of the oldest window not yet summarised to the last
 * byte received, addressed by its offset in the input. Bounded by `capacity` bytes; the policy when it is
 * full (wait, or drop the oldest window) belongs to the reader of the input, which checks `room` first.
 *
 * The bytes are copied into segments of {@link SEGMENT_BYTES}, reused once all their bytes are dropped,
 * rather than kept in the chunks they came in: a chunk kept for a window's seconds outlives two young
 * collections, and V8 (11.3) counts the ArrayBuffer memory promoted since the last full collection against
 * the old generation's limit, so kept chunks made it run a full collection every 10 MB or so of input.
 *
 * @internal
 */
export class Ledger {
  private readonly segments: Array<Uint8Array> = []
  private readonly spares: Array<Uint8Array> = []
  /** Offset of the first byte of `segments[0]`. */
  private base = 0
  /** Offset of the first byte kept. */
  start = 0
  /** Offset after the last byte received. */
  end = 0

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.end - this.start
  }

  room(): number {
    return this.capacity - this.size
  }

  /** Copies `bytes` in after the last byte received; the caller may reuse their buffer at once. */
  append(bytes: Uint8Array): void {
    let copied = 0
    while (copied < bytes.length) {
      const index = Math.floor((this.end - this.base) / SEGMENT_BYTES)
      const within = (this.end - this.base) % SEGMENT_BYTES
      if (index === this.segments.length) this.segments.push(this.spares.pop() ?? new Uint8Array(SEGMENT_BYTES))
      const take = Math.min(SEGMENT_BYTES - within, bytes.length - copied)
      this.segments[index]!.set(bytes.subarray(copied, copied + take), within)
      copied += take
      this.end += take
    }
  }

  /**
   * A copy of the bytes from `from` to `to` (both within what is kept), written at the start of `into` when
   * it is large enough, else into a new buffer. Never a view of a segment: a segment is reused once its bytes
   * are dropped, and a live source's oldest window can be dropped while its audio is being sent.
   */
  copy(from: number, to: number, into?: Uint8Array): Uint8Array {
    const length = Math.max(0, to - from)
    const out = into !== undefined && into.length >= length ? into.subarray(0, length) : new Uint8Array(length)
    let index = Math.floor((from - this.base) / SEGMENT_BYTES)
    let within = (from - this.base) % SEGMENT_BYTES
    let written = 0
    while (written < length) {
      const take = Math.min(SEGMENT_BYTES - within, length - written)
      out.set(this.segments[index]!.subarray(within, within + take), written)
      written += take
      index++
      within = 0
    }
    return out
  }

  /** Forgets every byte before `offset`; the segments it empties are reused. */
  dropBefore(offset: number): void {
    const target = Math.min(offset, this.end)
    if (target <= this.start) return
    this.start = target
    while (this.segments.length > 0 && this.base + SEGMENT_BYTES <= target) {
      const emptied = this.segments.shift()!
      if (this.spares.length < SPARE_SEGMENTS) this.spares.push(emptied)
      this.base += SEGMENT_BYTES
    }
  }
}
