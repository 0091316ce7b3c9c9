import * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import * as AudioSource from "../src/AudioSource.js"

const info = (type: FileSystem.File.Type): FileSystem.File.Info => ({
  type,
  mtime: Option.none(),
  atime: Option.none(),
  birthtime: Option.none(),
  dev: 0,
  ino: Option.none(),
  mode: 0o644,
  nlink: Option.none(),
  uid: Option.none(),
  gid: Option.none(),
  rdev: Option.none(),
  size: FileSystem.Size(1),
  blksize: Option.none(),
  blocks: Option.none()
})

const files: Record<string, FileSystem.File.Type> = {
  "speech.mp3": "File",
  "live.fifo": "FIFO",
  "music": "Directory",
  "/dev/null": "CharacterDevice"
}

const FakeFileSystem = FileSystem.layerNoop({
  stat: (path) =>
    path in files
      ? Effect.succeed(info(files[path]))
      : Effect.fail(new PlatformError.SystemError({ reason: "NotFound", module: "FileSystem", method: "stat" }))
})

const fromString = (input: string) => Effect.either(AudioSource.fromString(input))

describe("AudioSource.fromString", () => {
  it.effect("- is stdin", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* fromString("-"), Either.right(AudioSource.stdin))
    }))

  it.effect("http(s) URLs are validated and normalised", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        yield* fromString("https://radio.example/live.m3u8?token=1"),
        Either.right(AudioSource.url("https://radio.example/live.m3u8?token=1"))
      )
      assert.deepStrictEqual(
        yield* fromString("HTTP://Radio.Example:8000/stream"),
        Either.right(AudioSource.url("http://radio.example:8000/stream"))
      )
    }))

  it.effect("a malformed http URL is InvalidSource", () =>
    Effect.gen(function*() {
      const result = yield* fromString("http://")
      assert.isTrue(Either.isLeft(result) && result.left.reason === "InvalidSource")
    }))

  it.effect("other schemes are InvalidSource with a one-line message", () =>
    Effect.gen(function*() {
      for (const input of ["ftp://x", "rtmp://live.example/app", "file:///tmp/a.mp3"]) {
        const result = yield* fromString(input)
        assert.isTrue(Either.isLeft(result), input)
        if (Either.isLeft(result)) {
          assert.strictEqual(result.left.reason, "InvalidSource")
          assert.strictEqual(
            result.left.message,
            `unsupported audio source "${input}": only http(s) URLs, file paths and - are accepted`
          )
        }
      }
    }))

  it.effect("an empty input is InvalidSource", () =>
    Effect.gen(function*() {
      const result = yield* fromString("  ")
      assert.isTrue(Either.isLeft(result) && result.left.reason === "InvalidSource")
    }))

  it.effect("anything else is a file path, kept verbatim", () =>
    Effect.gen(function*() {
      for (const path of ["speech.mp3", "./take:2.wav", "/srv/audio/a b.wav", "C:\\audio\\x.mp3", "-x.mp3"]) {
        assert.deepStrictEqual(yield* fromString(path), Either.right(AudioSource.file(path)))
      }
    }))
})

describe("AudioSource.parse", () => {
  const parse = (input: string) => AudioSource.parse(input).pipe(Effect.either, Effect.provide(FakeFileSystem))

  it.effect("an existing regular file or named pipe is accepted", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* parse("speech.mp3"), Either.right(AudioSource.file("speech.mp3")))
      assert.deepStrictEqual(yield* parse("live.fifo"), Either.right(AudioSource.file("live.fifo")))
    }))

  it.effect("a missing file is SourceNotFound", () =>
    Effect.gen(function*() {
      const result = yield* parse("gone.mp3")
      assert.deepStrictEqual(
        Either.mapLeft(result, (e) => [e.reason, e.message]),
        Either.left(["SourceNotFound", `audio file "gone.mp3" does not exist`])
      )
    }))

  it.effect("a directory or device is SourceNotFound", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        Either.mapLeft(yield* parse("music"), (e) => [e.reason, e.message]),
        Either.left(["SourceNotFound", `"music" is a directory, not audio`])
      )
      const device = yield* parse("/dev/null")
      assert.isTrue(Either.isLeft(device) && device.left.reason === "SourceNotFound")
    }))

  it.effect("URLs and stdin never touch the file system", () =>
    Effect.gen(function*() {
      const noFs = FileSystem.layerNoop({})
      const url = yield* AudioSource.parse("http://127.0.0.1/x.mp3").pipe(Effect.provide(noFs))
      const stdin = yield* AudioSource.parse("-").pipe(Effect.provide(noFs))
      assert.deepStrictEqual([url, stdin], [AudioSource.url("http://127.0.0.1/x.mp3"), AudioSource.stdin])
    }))
})

describe("AudioSource.describe", () => {
  it("masks a URL password", () => {
    assert.strictEqual(AudioSource.describe(AudioSource.url("https://me:pw@h.example/a")), "https://me:***@h.example/a")
    assert.strictEqual(AudioSource.describe(AudioSource.url("https://h.example/a")), "https://h.example/a")
    assert.strictEqual(AudioSource.describe(AudioSource.file("a.mp3")), "a.mp3")
    assert.strictEqual(AudioSource.describe(AudioSource.stdin), "stdin")
  })
})
