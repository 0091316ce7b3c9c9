import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * An endless MP3 feed on loopback, like an Icecast mount: the file is sent in a
 * loop at about twice its bitrate, forever, until the scope closes. With
 * `stallFirstAfterBytes`, the first connection goes silent (open, sending nothing)
 * after that many bytes; the next ones are served as usual.
 */
export const liveMp3Source = (path: string, options: { readonly stallFirstAfterBytes?: number } = {}) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly server: Server }>((resume) => {
      const bytes = readFileSync(path)
      let connections = 0
      const server = createServer((_request, response) => {
        response.writeHead(200, { "Content-Type": "audio/mpeg", "icy-name": "test feed" })
        const stallAfter = connections++ === 0 ? options.stallFirstAfterBytes ?? Infinity : Infinity
        let offset = 0
        let sent = 0
        const timer = setInterval(() => {
          if (sent >= stallAfter) return
          const chunk = bytes.subarray(offset, offset + 1_200)
          offset = offset + 1_200 >= bytes.length ? 0 : offset + 1_200
          sent += chunk.length
          response.write(chunk)
        }, 100)
        response.on("close", () => clearInterval(timer))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}/live.mp3`, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
