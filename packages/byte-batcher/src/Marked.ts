/**
 * The elements of a `ByteBatcher.marked` stream: audio frames with their absolute byte offsets, and the
 * byte-count marks between them. Types only, and no import from the rest of the package, so that
 * `ByteBatcher` and its implementation both import them from here and not from each other.
 *
 * @since 0.1.0
 */
/**
 * A frame of audio bytes, with its absolute byte offsets from the start of the stream (`end` exclusive).
 *
 * @since 0.1.0
 * @category models
 */
export interface Frame {
  readonly _tag: "Frame"
  readonly bytes: Uint8Array
  readonly start: number
  readonly end: number
}

/**
 * A byte-count mark: the stream has reached `offset` bytes, a positive multiple of the mark's interval.
 * `index` counts the marks of that name from 0, so `offset === (index + 1) * interval`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mark<K extends string> {
  readonly _tag: "Mark"
  readonly name: K
  readonly offset: number
  readonly index: number
}

/**
 * The elements of a `ByteBatcher.marked` stream.
 *
 * @since 0.1.0
 * @category models
 */
export type Marked<K extends string> = Frame | Mark<K>

/**
 * Options of `ByteBatcher.marked`: the frame size and, per mark name, its interval, all in bytes.
 *
 * @since 0.1.0
 * @category models
 */
export interface MarkedOptions<K extends string> {
  readonly frameBytes: number
  readonly marks: Readonly<Record<K, number>>
}
