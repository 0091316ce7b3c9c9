import * as Effect from "effect/Effect"
import { generate } from "selfsigned"
import type { Certificate } from "../TestServer.js"
import { ServeError } from "../TestServer.js"

const DAY = 24 * 60 * 60 * 1000

/**
 * A self-signed certificate (EC P-256, SHA-256, valid one day from an hour ago) for `127.0.0.1`, `::1` and
 * `localhost` and the given extra host names or addresses.
 *
 * @internal
 */
export const selfSigned = (hosts: ReadonlyArray<string> = []): Effect.Effect<Certificate, ServeError> =>
  Effect.tryPromise({
    try: async () => {
      const names = [...new Set(["localhost", "127.0.0.1", "::1", ...hosts])]
      const now = Date.now()
      const pems = await generate([{ name: "commonName", value: "realtime-testkit" }], {
        keyType: "ec",
        curve: "P-256",
        algorithm: "sha256",
        notBeforeDate: new Date(now - DAY / 24),
        notAfterDate: new Date(now + DAY),
        extensions: [
          { name: "basicConstraints", cA: false },
          { name: "keyUsage", digitalSignature: true },
          { name: "extKeyUsage", serverAuth: true },
          {
            name: "subjectAltName",
            altNames: names.map((name) => /^[\d.]+$|:/.test(name) ? { type: 7, ip: name } : { type: 2, value: name })
          }
        ]
      })
      return { cert: pems.cert, key: pems.private }
    },
    catch: (cause) =>
      new ServeError({ reason: "Tls", message: `Cannot make a self-signed certificate: ${String(cause)}`, cause })
  })
