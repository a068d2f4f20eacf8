/**
 * npm run sim -- FILE.yaml
 * Plays a scenario on the simulated WeChat with the real bot and a real Redis, and prints
 * the transcript as JSON lines on stdout (logs go to stderr). What it does and its exit
 * statuses: scripts/sim-cli.ts; this file is the process around it.
 */
import { config as loadDotenv } from 'dotenv'
import { runSimCli } from './sim-cli'

loadDotenv({ quiet: true })

runSimCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
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
