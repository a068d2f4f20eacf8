/**
 * npm run sim -- FILE.yaml
 * Plays a scenario on the simulated WeChat with the real bot and a real Redis, and prints
 * the transcript as JSON lines on stdout (logs go to stderr). What it does and its exit
 * statuses: scripts/sim-cli.ts; this file is the process around it.
 */
import { config as loadDotenv } from 'dotenv'
import { runSimCli } from './sim-cli'

loadDotenv({ quiet: true })

// Ctrl-C stops the run between steps (a final `wait:` at once), so its keys are removed; a
// later second one exits now. One Ctrl-C in a terminal arrives twice (the terminal signals the
// process group, and `npm run` forwards what it got): a repeat within this window is the same.
const SAME_SIGNAL_MS = 1000
const stop = new AbortController()
let firstSignalAt = 0
const onSignal = (name: string) => {
  if (stop.signal.aborted && Date.now() - firstSignalAt < SAME_SIGNAL_MS) return
  if (stop.signal.aborted) process.exit(130)
  process.stderr.write(`${name}: stopping…\n`)
  firstSignalAt = Date.now()
  stop.abort()
}
process.on('SIGINT', () => onSignal('SIGINT'))
process.on('SIGTERM', () => onSignal('SIGTERM'))

runSimCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signal: stop.signal,
}).then(
  (code) => {
    process.exitCode = code
    // Wechaty and gRPC leave timers behind; the transcript is complete, so leave now
    setTimeout(() => process.exit(code), 200).unref()
  },
  (err: Error) => {
    process.stderr.write(`${err.stack}\n`)
    process.exit(1)
  },
)
