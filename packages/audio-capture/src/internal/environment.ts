/**
 * A variable whose name has one of these words between underscores (or at either end) holds a
 * secret: `OPENAI_API_KEY`, `AZURE_OPENAI_API_KEY`, `REALTIME_SUMMARIZE_API_KEY`, `GITHUB_TOKEN`,
 * `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`.
 */
const secretWords = /(?:^|_)(?:KEY|APIKEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|CREDENTIALS|AUTH)(?:_|$)/i

/**
 * Whether an environment variable's name marks it as a secret that ffmpeg must not inherit.
 *
 * @internal
 */
export const isSecretName = (name: string): boolean => secretWords.test(name)

/**
 * The environment ffmpeg runs with: `parent` without its secrets. Everything else (PATH, HOME, the
 * locale, the proxies, TLS certificate settings, LD_LIBRARY_PATH) passes through.
 *
 * @internal
 */
export const forFfmpeg = (parent: Readonly<Record<string, string | undefined>>): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !isSecretName(name)) env[name] = value
  }
  return env
}

/**
 * This process's environment, read when each ffmpeg starts.
 *
 * @internal
 */
export const current = (): Readonly<Record<string, string | undefined>> => globalThis.process?.env ?? {}
