import { Effect } from "effect"
import type { Scope } from "effect"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Path from "node:path"

export interface HttpServer {
  readonly url: (path: string) => string
}

const contentTypes: Record<string, string> = {
  ".mp3": "audio/mpeg",
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".wav": "audio/wav"
}

/** A loopback HTTP server with this handler for the scope; gives its port. */
export const listen = (handler: Http.RequestListener): Effect.Effect<number, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer(handler)
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => (server.address() as AddressInfo).port))

/**
 * Sends `data` again and again, 8 KB every 50 ms, with no length: a live radio stand-in. After `forMs` (if given) it
 * stops: it ends the response (`then: "end"`) or leaves the connection open and silent (`then: "hang"`).
 */
export const loop = (
  data: Buffer,
  response: Http.ServerResponse,
  options: { readonly forMs?: number | undefined; readonly then?: "hang" | "end" | undefined } = {}
) => {
  let offset = 0
  const started = Date.now()
  response.writeHead(200, { "content-type": "audio/mpeg" })
  const timer = setInterval(() => {
    if (options.forMs !== undefined && Date.now() - started >= options.forMs) {
      clearInterval(timer)
      if (options.then === "end") response.end()
      return
    }
    response.write(data.subarray(offset, offset + 8192))
    offset = offset + 8192 >= data.length ? 0 : offset + 8192
  }, 50)
  response.on("close", () => clearInterval(timer))
}

/**
 * A loopback HTTP server for the files in `root`. `/endless/<name>` streams `<name>` in a loop forever.
 */
export const serve = (root: string): Effect.Effect<HttpServer, never, Scope.Scope> =>
  listen((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname)
    const isEndless = pathname.startsWith("/endless/")
    const file = Path.join(root, isEndless ? pathname.slice("/endless".length) : pathname)
    if (!file.startsWith(root) || !Fs.existsSync(file) || !Fs.statSync(file).isFile()) {
      response.writeHead(404).end("not found")
    } else if (isEndless) {
      loop(Fs.readFileSync(file), response)
    } else {
      response.writeHead(200, { "content-type": contentTypes[Path.extname(file)] ?? "text/plain" })
      Fs.createReadStream(file).pipe(response)
    }
  }).pipe(Effect.map((port) => ({ url: (path: string) => `http://127.0.0.1:${port}${path}` })))

/** A loopback port that nothing listens on (it was bound and released). */
export const closedPort: Effect.Effect<number> = Effect.async((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

export interface RangedServer {
  readonly url: string
  /** The Range header of every request, `undefined` where there was none. */
  readonly ranges: ReadonlyArray<string | undefined>
}

/**
 * Serves one file as a web server serves a download: with its length, `Accept-Ranges: bytes` and 206 answers to
 * ranges from a byte on, written 16 KB at a time. The first response to reach byte `dropAfter` is cut off there (its
 * connection destroyed), as by a network fault.
 */
export const serveRanged = (file: string, dropAfter: number): Effect.Effect<RangedServer, never, Scope.Scope> => {
  const data = Fs.readFileSync(file)
  const ranges: Array<string | undefined> = []
  let cut = false
  return listen((request, response) => {
    ranges.push(request.headers.range)
    const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? "")?.[1] ?? 0)
    const headers = { "content-type": "audio/mpeg", "accept-ranges": "bytes", "content-length": data.length - from }
    response.writeHead(
      from === 0 ? 200 : 206,
      from === 0 ? headers : { ...headers, "content-range": `bytes ${from}-${data.length - 1}/${data.length}` }
    )
    let offset = from
    const timer = setInterval(() => {
      if (!cut && offset >= dropAfter) {
        cut = true
        clearInterval(timer)
        return void response.destroy()
      }
      const end = Math.min(offset + 16_384, data.length, !cut && offset < dropAfter ? dropAfter : data.length)
      response.write(data.subarray(offset, end))
      offset = end
      if (offset >= data.length) {
        clearInterval(timer)
        response.end()
      }
    }, 5)
    response.on("close", () => clearInterval(timer))
  }).pipe(Effect.map((port) => ({ url: `http://127.0.0.1:${port}/download`, ranges })))
}
