/**
 * The summariser and the Realtime client it talks through, built for the run's settings: the one
 * place where the app chooses how sessions are opened.
 *
 * @since 0.1.0
 */
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as Summariser from "@pkg/summariser/Summariser"
import * as Layer from "effect/Layer"
import type { Settings } from "./Settings.js"

/**
 * @since 0.1.0
 * @category layers
 */
export const summariserLayer = (settings: Settings) =>
  Summariser.layer(settings.summariser).pipe(
    Layer.provide(RealtimeClient.layer({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, model: settings.model }))
  )
