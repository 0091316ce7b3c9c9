import { assert, describe, it } from "@effect/vitest"
import { SpeechSample } from "@pkg/realtime-testkit"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

describe("SpeechSample", () => {
  it("speechSamplePath is the absolute path of assets/speech-sample.mp3 in this package", () => {
    const packageRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
    assert.isTrue(path.isAbsolute(SpeechSample.speechSamplePath))
    assert.strictEqual(SpeechSample.speechSamplePath, path.join(packageRoot, "assets", "speech-sample.mp3"))
  })
})
