/**
 * Reads one sample out of Prometheus's text format: `name{a="x",b="y"} 3`. The labels given
 * must all match (others may be present); absent samples read as 0, as a counter not yet
 * moved is absent too.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total: number | undefined
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]))
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) {
      if (total !== undefined) throw new Error(`${name} ${JSON.stringify(labels)} matches more than one sample`)
      total = Number(m[3])
    }
  }
  return total ?? 0
}

/** whether the text has any sample of `name` with these labels */
export function hasSample(text: string, name: string, labels: Record<string, string> = {}): boolean {
  return text.split('\n').some((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
}
