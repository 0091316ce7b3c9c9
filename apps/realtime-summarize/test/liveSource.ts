import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * An endless MP3 feed on loopback, like an Icecast mount: the file is sent in a
 * loop at about twice its bitrate, forever, until the scope closes.
 */
export const liveMp3Source = (path: string) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly server: Server }>((resume) => {
      const bytes = readFileSync(path)
      const server = createServer((_request, response) => {
        response.writeHead(200, { "Content-Type": "audio/mpeg", "icy-name": "test feed" })
        let offset = 0
        const timer = setInterval(() => {
          const chunk = bytes.subarray(offset, offset + 1_200)
          offset = offset + 1_200 >= bytes.length ? 0 : offset + 1_200
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
