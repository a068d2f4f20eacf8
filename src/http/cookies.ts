/**
 * The one cookie the console sets, read and written by hand: @fastify/cookie 11 loads the
 * `cookie` package with a dynamic `import()`, which jest cannot run without
 * --experimental-vm-modules, and one cookie does not need a library.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

export function sessionCookie(name: string, value: string, opts: { maxAgeS: number; secure: boolean }): string {
  return [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(opts.maxAgeS)}`, ...(opts.secure ? ['Secure'] : [])].join('; ')
}

export function clearedCookie(name: string): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`
}
