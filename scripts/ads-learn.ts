/**
 * npm run -s ads -- learn FILE: hands a deployment's labelled history to its labelled store
 * (the one #广告 / #误判 write), found as the bot finds it (scripts/ads-deployment.ts).
 * FILE: JSON lines {"text": "…", "label": "ad"|"normal"} or CSV with text,label columns
 * (src/core/ads/labelled-file.ts). Prints what went in; each refused line on stderr with
 * its number. Batches are atomic: Ctrl-C stops after the batch in hand and keeps the
 * batches written, never half of one.
 * Exit: 0 all in; 1 some lines refused (the rest went in); 2 usage, file, config or Redis;
 * 130 stopped by Ctrl-C.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { ConfigError } from '../src/config/load-config'
import { parseLabelledFile } from '../src/core/ads/labelled-file'
import { importLabels } from '../src/plugins/rules/import-labels'
import { NoRedisError, openDeploymentStore, readDeploymentConfig } from './ads-deployment'

const n = (x: number) => x.toLocaleString('en-US')

export async function learn(file: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (!existsSync(file)) {
    err.write(`ads learn: file not found: ${file}\n`)
    return 2
  }
  let loaded
  try {
    loaded = readDeploymentConfig()
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    err.write(`ads learn: bad configuration:\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`)
    return 2
  }
  const parsed = parseLabelledFile(readFileSync(file, 'utf8'), file)
  for (const r of parsed.refused) err.write(`${file}:${r.line}: ${r.error}\n`)

  let store
  try {
    store = await openDeploymentStore(loaded, { start: true, onBad: (key, problem) => err.write(`ads learn: ${key}: ${problem}\n`) })
  } catch (e) {
    if (!(e instanceof NoRedisError)) throw e
    err.write(`ads learn: ${e.message}\n`)
    return 2
  }
  // Ctrl-C: finish the batch in hand (it is one atomic write), keep what is written, stop
  let interrupted = false
  const onSigint = () => {
    if (interrupted) return
    interrupted = true
    err.write('ads learn: Ctrl-C: stopping after the batch in hand (whole batches are kept)\n')
  }
  process.on('SIGINT', onSigint)
  try {
    const started = Date.now()
    const result = await importLabels(store.labelled, parsed.examples, {
      by: 'import',
      source: `导入 ${basename(file)}`,
      now: Date.now,
      shouldStop: () => interrupted,
    })
    const total = await store.labelled.count()
    const refused = parsed.refused.length
    const lines = parsed.refused.map((r) => r.line)
    const shown = lines.slice(0, 20).join(', ') + (lines.length > 20 ? `, … (${n(lines.length - 20)} more)` : '')
    out.write(
      `ads learn: ${file} (${parsed.format}): ${n(result.added)} added, ${n(result.relabelled)} relabelled, ${n(result.duplicates)} duplicates, ` +
        `${n(refused)} refused${refused ? ` (lines ${shown})` : ''}` +
        `${result.stopped ? `; stopped by Ctrl-C after ${n(result.written)} of ${n(parsed.examples.length)} examples` : ''}\n` +
        `labelled store: ${n(total)} examples (prefix ${store.prefix})${result.dropped ? `, ${n(result.dropped)} oldest dropped to stay within the cap` : ''}; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    )
    if (result.stopped) return 130
    return refused > 0 ? 1 : 0
  } finally {
    process.off('SIGINT', onSigint)
    await store.close()
  }
}
