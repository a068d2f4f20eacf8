/**
 * What one image costs the bot: the ordinary QR fixtures and a large photo-sized image go
 * through the bot's QR reader (worker thread); the decompression bombs are refused from
 * their header. For each: the wall time per image (what the message waits), the main
 * thread's busy time per image and the longest stall of its event loop (what every other
 * message waits; on a loaded machine the stall includes other processes' turns). Run `npx tsx bench/image-cost.ts [--rounds N]` to print JSON.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import pino from 'pino'
import { imagesSchema } from '../src/config/schema'
import { decodeQr } from '../src/core/ads/qr-decode'
import { createQrReader, type QrReader } from '../src/images/qr-reader'
import { blankPng, jpegClaiming, pngClaiming } from '../src/sim/hostile-images'
import { numberArg, printJsonAndExit } from './cli'

const FIXTURES = join(__dirname, '..', 'test', 'fixtures')

export interface ImageCost {
  bytes: number
  images: number
  medianMs: number
  maxMs: number
  /** the main thread's busy time (event-loop utilisation) per image */
  mainThreadMsPerImage: number
  /** the longest the main thread's event loop was held up while these images were read */
  maxEventLoopDelayMs: number
  /** what the reader made of them */
  outcome: string
}

async function costOf(reader: QrReader, bytes: Buffer, images: number): Promise<ImageCost> {
  const before = reader.stats()
  const samples: number[] = []
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const elu = performance.eventLoopUtilization()
  for (let i = 0; i < images; i++) {
    const t0 = process.hrtime.bigint()
    await reader.read(bytes)
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  const busy = performance.eventLoopUtilization(elu).active
  delay.disable()
  const after = reader.stats()
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => k !== 'seen' && after[k] !== before[k])
  samples.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  return {
    bytes: bytes.length,
    images,
    medianMs: round(samples[Math.floor(samples.length / 2)] ?? 0),
    maxMs: round(samples.at(-1) ?? 0),
    mainThreadMsPerImage: round(busy / images),
    maxEventLoopDelayMs: round(delay.max / 1e6),
    outcome: changed.join('+'),
  }
}

/** the same decode on the main thread, as the bot did before the worker pool: all of it blocked every other message */
function syncDecodeMs(bytes: Buffer, images: number): number {
  const samples: number[] = []
  for (let i = 0; i < images; i++) {
    const t0 = process.hrtime.bigint()
    decodeQr(bytes)
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return Math.round((samples[Math.floor(samples.length / 2)] ?? 0) * 1000) / 1000
}

export async function measureImageCost(opts: { rounds?: number } = {}): Promise<Record<string, ImageCost | Record<string, number>>> {
  const rounds = opts.rounds ?? 10
  const reader = createQrReader({ config: () => imagesSchema.parse({ timeLimitMs: 60000 }), logger: pino({ level: 'silent' }) })
  try {
    // the worker's start (loading the decoder) is paid once, not per image
    await reader.read(readFileSync(join(FIXTURES, 'qr.png')))
    return {
      qrPng: await costOf(reader, readFileSync(join(FIXTURES, 'qr.png')), rounds),
      qrJpeg: await costOf(reader, readFileSync(join(FIXTURES, 'qr.jpg')), rounds),
      blankPng16MP: await costOf(reader, blankPng(4000, 4000), Math.max(1, Math.floor(rounds / 5))),
      bombPng30000: await costOf(reader, pngClaiming(30000, 30000), rounds * 100),
      bombJpeg8000: await costOf(reader, jpegClaiming(8000, 8000), rounds * 100),
      realPng5000: await costOf(reader, blankPng(5000, 5000), rounds * 100),
      // medians in ms; the bombs are left out: on the main thread they took 9-76 s and 2-4 GB each
      mainThreadBefore: {
        qrPngMs: syncDecodeMs(readFileSync(join(FIXTURES, 'qr.png')), rounds),
        qrJpegMs: syncDecodeMs(readFileSync(join(FIXTURES, 'qr.jpg')), rounds),
        blankPng16MPMs: syncDecodeMs(blankPng(4000, 4000), Math.max(1, Math.floor(rounds / 5))),
      },
    }
  } finally {
    await reader.close()
  }
}

if (require.main === module) printJsonAndExit(measureImageCost({ rounds: numberArg('rounds') }))
