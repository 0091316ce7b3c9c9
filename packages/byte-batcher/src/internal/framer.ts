/**
 * A synchronous re-chunker: bytes go in as arbitrarily sized buffers and come out as frames whose sizes are
 * chosen by `nextSize`, given the absolute offset at which the frame starts.
 *
 * Frames that lie entirely inside one input buffer are zero-copy views (`subarray`) of it. Only a frame that
 * spans input buffers is copied, once, into a carry buffer of exactly the frame's size, so every byte is
 * copied at most once. The carry holds at most one frame.
 *
 * @internal
 */
export class Framer {
  private carry: Uint8Array | undefined = undefined
  private filled = 0
  private offset = 0
  private size: number

  constructor(
    private readonly nextSize: (offset: number) => number,
    private readonly onFrame: (bytes: Uint8Array, start: number, end: number) => void
  ) {
    this.size = nextSize(0)
  }

  push(input: Uint8Array): void {
    const length = input.length
    let index = 0
    if (this.carry !== undefined) {
      const take = Math.min(this.size - this.filled, length)
      this.carry.set(take === length ? input : input.subarray(0, take), this.filled)
      this.filled += take
      if (this.filled < this.size) return
      const frame = this.carry
      this.carry = undefined
      this.filled = 0
      this.emit(frame)
      index = take
    }
    if (index === 0 && length === this.size) {
      this.emit(input)
      return
    }
    while (length - index >= this.size) {
      const end = index + this.size
      this.emit(input.subarray(index, end))
      index = end
    }
    if (index < length) {
      this.carry = new Uint8Array(this.size)
      this.carry.set(index === 0 ? input : input.subarray(index))
      this.filled = length - index
    }
  }

  flush(): void {
    if (this.carry === undefined) return
    const tail = this.carry.subarray(0, this.filled)
    this.carry = undefined
    this.filled = 0
    this.emit(tail)
  }

  private emit(bytes: Uint8Array): void {
    const start = this.offset
    this.offset = start + bytes.length
    this.onFrame(bytes, start, this.offset)
    this.size = this.nextSize(this.offset)
  }
}
