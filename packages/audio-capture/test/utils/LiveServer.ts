import { Effect } from "effect"
import type { Scope } from "effect"
import * as Fs from "node:fs"
import { listen, loop } from "./HttpServer.js"

/**
 * What the server does with one connection:
 * - `stream`: sends the file in a loop, 8 KB every 50 ms, with no length (a live radio); after `forMs`
 *   it either goes silent with the connection open (`then: "hang"`) or ends the response (`then: "end"`).
 * - `status`: answers with this HTTP status and no audio.
 */
export type Behaviour =
  | { readonly _tag: "stream"; readonly forMs?: number; readonly then?: "hang" | "end" }
  | { readonly _tag: "status"; readonly code: number }

export const stream = (forMs?: number, then?: "hang" | "end"): Behaviour => ({
  _tag: "stream",
  ...(forMs === undefined ? {} : { forMs }),
  ...(then === undefined ? {} : { then })
})

export const status = (code: number): Behaviour => ({ _tag: "status", code })

export interface LiveServer {
  readonly url: string
  /** How many requests the server has had so far. */
  readonly connections: () => number
}

/**
 * A loopback stand-in for a live radio on `/live.mp3` whose n-th connection (from 0) behaves as `plan(n)` says.
 * Every other path is a 404.
 */
export const make = (
  file: string,
  plan: (connection: number) => Behaviour
): Effect.Effect<LiveServer, never, Scope.Scope> => {
  const data = Fs.readFileSync(file)
  let connections = 0
  return listen((request, response) => {
    if (request.url !== "/live.mp3") return void response.writeHead(404).end("not found")
    const behaviour = plan(connections++)
    if (behaviour._tag === "status") return void response.writeHead(behaviour.code).end()
    loop(data, response, behaviour)
  }).pipe(Effect.map((port) => ({ url: `http://127.0.0.1:${port}/live.mp3`, connections: () => connections })))
}
