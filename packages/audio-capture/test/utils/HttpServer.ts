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

/** Sends `file` again and again, 8 KB every 50 ms, until the client goes away: a live radio stand-in. */
const endless = (file: string, response: Http.ServerResponse) => {
  const data = Fs.readFileSync(file)
  let offset = 0
  response.writeHead(200, { "content-type": "audio/mpeg" })
  const timer = setInterval(() => {
    response.write(data.subarray(offset, offset + 8192))
    offset = offset + 8192 >= data.length ? 0 : offset + 8192
  }, 50)
  response.on("close", () => clearInterval(timer))
}

/**
 * A loopback HTTP server for the files in `root`. `/endless/<name>` streams `<name>` in a loop forever.
 */
export const serve = (root: string): Effect.Effect<HttpServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer((request, response) => {
        const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname)
        const isEndless = pathname.startsWith("/endless/")
        const file = Path.join(root, isEndless ? pathname.slice("/endless".length) : pathname)
        if (!file.startsWith(root) || !Fs.existsSync(file) || !Fs.statSync(file).isFile()) {
          response.writeHead(404).end("not found")
        } else if (isEndless) {
          endless(file, response)
        } else {
          response.writeHead(200, { "content-type": contentTypes[Path.extname(file)] ?? "text/plain" })
          Fs.createReadStream(file).pipe(response)
        }
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => {
    const { port } = server.address() as AddressInfo
    return { url: (path: string) => `http://127.0.0.1:${port}${path}` }
  }))

/** A loopback port that nothing listens on (it was bound and released). */
export const closedPort: Effect.Effect<number> = Effect.async((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})
