/**
 * The audio kept for replay: every byte from the start of the oldest window not yet summarised to the last
 * byte received, addressed by its offset in the input. Bounded by `capacity` bytes; the policy when it is
 * full (wait, or drop the oldest window) belongs to the reader of the input, which checks `room` first.
 *
 * @internal
 */
export class Ledger {
  private readonly chunks: Array<Uint8Array> = []
  private readonly offsets: Array<number> = []
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

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this.chunks.push(bytes)
    this.offsets.push(this.end)
    this.end += bytes.length
  }

  /**
   * The bytes from `from` to `to` (both within what is kept): a view when they lie in one chunk, else a copy.
   */
  read(from: number, to: number): Uint8Array {
    let index = this.chunkAt(from)
    const first = this.chunks[index]!
    const firstOffset = this.offsets[index]!
    if (to <= firstOffset + first.length) return first.subarray(from - firstOffset, to - firstOffset)
    const out = new Uint8Array(to - from)
    let written = 0
    while (written < out.length) {
      const chunk = this.chunks[index]!
      const chunkOffset = this.offsets[index]!
      const begin = from + written - chunkOffset
      const take = Math.min(chunk.length - begin, out.length - written)
      out.set(chunk.subarray(begin, begin + take), written)
      written += take
      index++
    }
    return out
  }

  /** Forgets every byte before `offset` (whole chunks are released; a chunk cut in two is kept as a view). */
  dropBefore(offset: number): void {
    const target = Math.min(offset, this.end)
    if (target <= this.start) return
    let drop = 0
    while (drop < this.chunks.length && this.offsets[drop]! + this.chunks[drop]!.length <= target) drop++
    this.chunks.splice(0, drop)
    this.offsets.splice(0, drop)
    if (this.chunks.length > 0 && this.offsets[0]! < target) {
      this.chunks[0] = this.chunks[0]!.subarray(target - this.offsets[0]!)
      this.offsets[0] = target
    }
    this.start = target
  }

  private chunkAt(offset: number): number {
    let low = 0
    let high = this.chunks.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.offsets[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return low
  }
}
