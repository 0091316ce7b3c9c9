import { mergeConfig, type UserConfigExport } from "vitest/config"
import shared from "../vitest.shared.js"

const config: UserConfigExport = {
  test: {
    name: "packaging",
    testTimeout: 300_000
  }
}

export default mergeConfig(shared, config)
