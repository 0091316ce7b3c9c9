import * as CommandExecutor from "@effect/platform/CommandExecutor"
import { Effect } from "effect"

export interface RecordingExecutor {
  readonly executor: CommandExecutor.CommandExecutor
  readonly pids: Array<number>
}

/** The real CommandExecutor, remembering the pid of every process it starts. */
export const make: Effect.Effect<RecordingExecutor, never, CommandExecutor.CommandExecutor> = Effect.map(
  CommandExecutor.CommandExecutor,
  (real) => {
    const pids: Array<number> = []
    const executor = CommandExecutor.makeExecutor((command) =>
      real.start(command).pipe(Effect.tap((process) => Effect.sync(() => pids.push(process.pid))))
    )
    return { executor, pids }
  }
)

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}
