/** What every benchmark does when run on its own: read numeric flags, print JSON, exit. */

export function numberArg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : undefined
  return v !== undefined && Number.isFinite(v) ? v : undefined
}

export function printJsonAndExit(result: Promise<unknown>): void {
  result.then(
    (r) => {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n')
      process.exit(0)
    },
    (err: Error) => {
      process.stderr.write(`${err.stack}\n`)
      process.exit(1)
    },
  )
}
