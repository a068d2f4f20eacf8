import { existsSync } from 'node:fs'
import puppeteer, { type Browser } from 'puppeteer-core'

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether browser tests run here: skipped (with a message) only where no browser exists
 * and this is not CI; in CI a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI) throw new Error(`browser tests need ${CHROMIUM} in CI (.ci/run installs Debian's chromium)`)
  process.stderr.write(`SKIPPED browser tests: no browser at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)\n`)
  return false
}

/** Headless chromium; --no-sandbox because CI runs as root. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}
