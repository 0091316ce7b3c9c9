/** How many written burst buffers are kept for reuse; the others are left to the collector. */
const SPARE_BUFFERS = 4

/** Burst buffers are allocated in multiples of this, so that one fits the next bursts of about its size. */
const ROUNDING = 64 * 1024

/**
 * The buffers framed audio bursts are written into, reused once the socket wrote them (its write callback)
 * rather than allocated per burst: a burst can wait in the socket's queue for longer than two young
 * collections, and V8 (11.3) counts the ArrayBuffer memory promoted since the last full collection against
 * the old generation's limit, so a new buffer per burst brought its full collections on sooner.
 *
 * Each buffer is its own ArrayBuffer and starts at its offset 0 (the frames are masked a word at a time).
 * A buffer whose write never calls back (the socket destroyed) is never reused, only collected.
 *
 * @internal
 */
export class BurstBuffers {
  private readonly spares: Array<Buffer> = []

  /** A buffer of `length` bytes, not in use: a spare one when one is large enough. */
  take(length: number): Buffer {
    const index = this.spares.findIndex((spare) => spare.length >= length)
    const buffer = index < 0
      ? Buffer.allocUnsafeSlow(Math.ceil(length / ROUNDING) * ROUNDING)
      : this.spares.splice(index, 1)[0]!
    return buffer.subarray(0, length)
  }

  /** Gives back a buffer `take` returned, once nothing reads it any more. */
  give(buffer: Buffer): void {
    if (this.spares.length >= SPARE_BUFFERS) return
    this.spares.push(Buffer.from(buffer.buffer, 0, buffer.buffer.byteLength))
  }
}
