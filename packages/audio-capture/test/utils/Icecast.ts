import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FileSystem from "@effect/platform/FileSystem"
import { Effect, Schedule, Stream } from "effect"
import type { Duration, Scope } from "effect"
import * as Http from "node:http"
import * as Net from "node:net"
import { closedPort } from "./HttpServer.js"
import { sample } from "./Media.js"

/**
 * A real Icecast server (Debian's `icecast2`), started for one test: a config generated into a temporary
 * directory, a free loopback port, logs on its stderr, no system service.
 *
 * Running as root (as in a container): icecast2 refuses to start as root ("You should not run icecast2 as root")
 * unless its config has `<security><changeowner>`, so as root the config names `nobody` and nobody's group; icecast2
 * binds its port, then drops to that user. It writes no file (its logs go to stderr, `-`), so the temporary
 * directory needs no permission for nobody. As any other user, the config has no `<changeowner>`.
 */
export interface Icecast {
  readonly port: number
  /** A listener's URL for `mount`, e.g. `http://127.0.0.1:8123/live.mp3`. */
  readonly listenUrl: (mount: string) => string
  /** A source client's URL for `mount` (ffmpeg's icecast protocol, with the source password). */
  readonly sourceUrl: (mount: string) => string
}

const SOURCE_PASSWORD = "hackme-source"

const changeOwner = (group: string) =>
  `<security><chroot>0</chroot><changeowner><user>nobody</user><group>${group}</group></changeowner></security>`

const config = (port: number, dir: string, ownerGroup: string | undefined) =>
  `<icecast>
  <location>loopback test</location>
  <admin>test@localhost</admin>
  <limits>
    <clients>16</clients>
    <sources>4</sources>
    <source-timeout>5</source-timeout>
    <burst-on-connect>1</burst-on-connect>
  </limits>
  <authentication>
    <source-password>${SOURCE_PASSWORD}</source-password>
    <admin-user>admin</admin-user>
    <admin-password>hackme-admin</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths>
    <basedir>${dir}</basedir>
    <logdir>${dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>2</loglevel></logging>
  ${ownerGroup === undefined ? "" : changeOwner(ownerGroup)}
</icecast>
`

const isRoot = () => process.getuid?.() === 0

/** Resolves once something accepts TCP connections on the port. */
const accepting = (port: number) =>
  Effect.async<void, Error>((resume) => {
    const socket = Net.connect(port, "127.0.0.1")
    socket.once("connect", () => {
      socket.destroy()
      resume(Effect.void)
    })
    socket.once("error", (error) => resume(Effect.fail(error)))
  })

/** The HTTP status of a GET (the body is not read). */
const statusOf = (url: string) =>
  Effect.async<number, Error>((resume) => {
    const request = Http.get(url, (response) => {
      response.destroy()
      resume(Effect.succeed(response.statusCode ?? 0))
    })
    request.once("error", (error) => resume(Effect.fail(error)))
    return Effect.sync(() => request.destroy())
  })

const retryFor = (duration: Duration.DurationInput) => Schedule.spaced("100 millis").pipe(Schedule.upTo(duration))

/** Starts icecast2 for the scope; it is stopped when the scope closes. */
export const start: Effect.Effect<
  Icecast,
  never,
  Scope.Scope | CommandExecutor.CommandExecutor | FileSystem.FileSystem
> = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const dir = yield* fs.makeTempDirectoryScoped({ prefix: "icecast-" })
  const port = yield* closedPort
  const group = isRoot() ? (yield* Command.string(Command.make("id", "-gn", "nobody"))).trim() : undefined
  yield* fs.writeFileString(`${dir}/icecast.xml`, config(port, dir, group))
  const proc = yield* Command.start(Command.make("icecast2", "-c", `${dir}/icecast.xml`))
  // icecast2 logs to stderr; keep the pipes drained
  yield* Effect.forkScoped(Stream.runDrain(Stream.merge(proc.stdout, proc.stderr)))
  yield* accepting(port).pipe(
    Effect.retry(retryFor("10 seconds")),
    Effect.orDieWith((error) => new Error(`icecast2 did not start listening on port ${port}: ${error.message}`))
  )
  return {
    port,
    listenUrl: (mount: string) => `http://127.0.0.1:${port}/${mount}`,
    sourceUrl: (mount: string) => `icecast://source:${SOURCE_PASSWORD}@127.0.0.1:${port}/${mount}`
  }
}).pipe(
  Effect.catchTag("SystemError", (error) =>
    Effect.dieMessage(
      error.reason === "NotFound"
        ? "icecast2 is not installed: run `bash scripts/setup.sh` (Debian: apt-get install icecast2)"
        : `icecast2 could not start: ${error.message}`
    )),
  Effect.orDie
)

/**
 * An ffmpeg source client feeding the speech sample, looped, at its own pace (`-re`) to `mount`, for the scope:
 * closing the scope disconnects it. Resolves once listeners can tune in.
 */
export const feed = (
  icecast: Icecast,
  mount: string
): Effect.Effect<void, never, Scope.Scope | CommandExecutor.CommandExecutor> =>
  Effect.gen(function*() {
    const proc = yield* Command.start(Command.make(
      "ffmpeg",
      ...["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error"],
      ...["-re", "-stream_loop", "-1", "-i", sample],
      ...["-c:a", "copy", "-content_type", "audio/mpeg", "-f", "mp3", icecast.sourceUrl(mount)]
    ))
    yield* Effect.forkScoped(Stream.runDrain(Stream.merge(proc.stdout, proc.stderr)))
    yield* statusOf(icecast.listenUrl(mount)).pipe(
      Effect.filterOrFail((status) => status === 200, (status) => new Error(`HTTP ${status}`)),
      Effect.retry(retryFor("10 seconds")),
      Effect.orDieWith((error) => new Error(`the mount /${mount} did not come up: ${error.message}`))
    )
  }).pipe(Effect.orDie)
