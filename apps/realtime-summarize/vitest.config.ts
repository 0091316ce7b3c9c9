import { mergeConfig, type UserConfigExport } from "vitest/config"
import shared from "../../vitest.shared.js"

const config: UserConfigExport = {
  test: {
    testTimeout: 120_000
  }
}

export default mergeConfig(shared, config)
