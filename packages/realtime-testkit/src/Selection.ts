/**
 * Selections of a series counted from 0 in arrival order (the accepted connections of a test server, the
 * committed audio items of a connection), for faults that target some of them. This module imports nothing
 * else of the package.
 *
 * @since 0.2.0
 */

/**
 * Which of a series a fault or a setting applies to, counted from 0 in arrival order: the accepted
 * connections (sessions) of a server, or the committed audio items of a connection.
 *
 * - `All`: every one.
 * - `First`: the first `count` (indices `0 … count - 1`).
 * - `EveryNth`: every `nth` one, counting from the first: with `nth: 3`, indices 0, 3, 6, …
 * - `Only`: the listed indices.
 * - `Where`: those for which `predicate` holds.
 *
 * @since 0.2.0
 * @category models
 */
export type Selection =
  | { readonly _tag: "All" }
  | { readonly _tag: "First"; readonly count: number }
  | { readonly _tag: "EveryNth"; readonly nth: number }
  | { readonly _tag: "Only"; readonly indices: ReadonlyArray<number> }
  | { readonly _tag: "Where"; readonly predicate: (index: number) => boolean }

/**
 * Every one of the series.
 *
 * @since 0.2.0
 * @category constructors
 */
export const all: Selection = { _tag: "All" }

/**
 * The first `count` of the series, e.g. `first(1)`: only the first connection.
 *
 * @since 0.2.0
 * @category constructors
 */
export const first = (count: number): Selection => ({ _tag: "First", count })

/**
 * Every `nth` of the series, from the first one (indices 0, n, 2n, …).
 *
 * @since 0.2.0
 * @category constructors
 */
export const everyNth = (nth: number): Selection => ({ _tag: "EveryNth", nth })

/**
 * The listed indices of the series.
 *
 * @since 0.2.0
 * @category constructors
 */
export const only = (...indices: ReadonlyArray<number>): Selection => ({ _tag: "Only", indices })

/**
 * Those indices of the series for which `predicate` holds.
 *
 * @since 0.2.0
 * @category constructors
 */
export const where = (predicate: (index: number) => boolean): Selection => ({ _tag: "Where", predicate })

/**
 * Whether `index` belongs to a selection (`undefined` selects every index).
 *
 * @since 0.2.0
 * @category predicates
 */
export const selects = (selection: Selection | undefined, index: number): boolean => {
  if (selection === undefined) return true
  switch (selection._tag) {
    case "All":
      return true
    case "First":
      return index < selection.count
    case "EveryNth":
      return selection.nth > 0 && index % selection.nth === 0
    case "Only":
      return selection.indices.includes(index)
    case "Where":
      return selection.predicate(index)
  }
}
