import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * A project script run as an operator runs it: `tsx <script> ...args` in a child process
 * from the repository root, stdin closed, stdout and stderr collected whole.
 */

const repoRoot = resolve(__dirname, '..', '..')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** the child's whole environment; the test process's own when left out */
  env?: NodeJS.ProcessEnv
  /**
   * A safety ceiling, not a deadline: the test waits for the child to exit, and only a child
   * that hangs is killed (the promise rejected with its stderr so far) after this long. Start-up
   * alone (tsx compiling the bot) takes ~10 s on a CI machine at load 17, so it is minutes.
   */
  timeoutMs?: number
}

export function runCli(script: string, args: string[], { env = process.env, timeoutMs = 240_000 }: CliOptions = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`${script} ${args.join(' ')} did not finish in ${timeoutMs}ms\nstderr:\n${stderr}`))
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      fail(err)
    })
    child.on('close', (status) => {
      clearTimeout(timer)
      done({ status, stdout, stderr })
    })
  })
}
