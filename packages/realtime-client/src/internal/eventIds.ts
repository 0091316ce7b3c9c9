import * as crypto from "node:crypto"

/**
 * Client-side ids: `event_id`s (at most 512 characters on the wire) and item ids
 * (kept under 32 ASCII characters), unique per client through a random prefix.
 *
 * @internal
 */
export const makeEventIds = () => {
  const prefix = crypto.randomBytes(4).toString("hex")
  let events = 0
  let items = 0
  return {
    next: () => `evt_${prefix}_${++events}`,
    item: () => `item_${prefix}_${++items}`
  }
}
