import { join } from 'node:path'
import type { Logger } from 'pino'
import type { ImagesConfig } from '../config/schema'
import { pixelsOf, readImageHeader } from '../core/ads/image-header'
import type { QrRead } from '../core/ads/qr-decode'
import type { QrJob } from './qr-worker'
import { createWorkerPool } from './worker-pool'

/**
 * Reads QR codes from member images without ever blocking the bot: the declared size is
 * checked here first (a decompression bomb costs a header read), the decode runs in a
 * worker thread with a time limit and a heap limit. Whatever goes wrong, the answer is
 * "no QR" and one warning naming the image's byte size and declared dimensions; nothing
 * is retried.
 */
export interface QrReader {
  /** the QR code's text, or undefined (none, not an image, refused, timed out, dropped) */
  read(data: Buffer, about?: Record<string, unknown>): Promise<string | undefined>
  stats(): QrReaderStats
  close(): Promise<void>
}

export interface QrReaderStats {
  /** images handed to `read` */
  seen: number
  notImage: number
  /** refused by their header: over the pixel budget */
  refused: number
  /** sent to a worker to decode */
  decoded: number
  found: number
  timedOut: number
  /** the worker died or the decoder threw */
  failed: number
  /** too many images waiting */
  dropped: number
}

export interface QrReaderDeps {
  config: () => ImagesConfig
  logger: Logger
  /** the worker entry (tests give a slower one) */
  entry?: string
}

const QR_WORKER = join(__dirname, `qr-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`)

export function createQrReader(deps: QrReaderDeps): QrReader {
  const { config, logger } = deps
  const maxPixels = () => Math.floor(config().maxMegapixels * 1e6)
  const pool = createWorkerPool<QrJob, QrRead>({
    entry: deps.entry ?? QR_WORKER,
    name: 'qr-workers',
    logger,
    size: () => config().workers,
    timeLimitMs: () => config().timeLimitMs,
    maxQueue: () => config().maxQueue,
    resourceLimits: () => ({ maxOldGenerationSizeMb: config().workerMemoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }),
  })
  const stats: QrReaderStats = { seen: 0, notImage: 0, refused: 0, decoded: 0, found: 0, timedOut: 0, failed: 0, dropped: 0 }

  return {
    async read(data, about = {}) {
      stats.seen++
      const header = readImageHeader(data)
      if (!header) {
        stats.notImage++
        logger.debug({ ...about, bytes: data.length }, 'image: not a PNG or JPEG we read')
        return undefined
      }
      const image = { ...about, bytes: data.length, format: header.format, width: header.width, height: header.height }
      if (pixelsOf(header) > maxPixels()) {
        stats.refused++
        logger.warn({ ...image, maxMegapixels: config().maxMegapixels }, 'image refused: its declared size is over the pixel budget; not checked for a QR code')
        return undefined
      }
      stats.decoded++
      // a copy: the message's buffer may be a slice of a shared pool
      const result = await pool.run({ data: new Uint8Array(data), maxPixels: maxPixels() })
      if (result.ok) {
        const read = result.value
        if (read.outcome === 'qr') {
          stats.found++
          return read.text
        }
        if (read.outcome === 'unreadable') logger.debug({ ...image, error: read.error }, 'image: the decoder could not read it')
        // the worker checks the budget too; a decoder that disagrees with our header reader is worth a line
        else if (read.outcome !== 'none') logger.warn({ ...image, outcome: read.outcome }, 'image: the worker refused what the header check let through')
        return undefined
      }
      switch (result.reason) {
        case 'timeout':
          stats.timedOut++
          logger.warn({ ...image, timeLimitMs: config().timeLimitMs }, 'image decode timed out; its worker was replaced; not checked for a QR code')
          break
        case 'queue-full':
          stats.dropped++
          logger.warn({ ...image, maxQueue: config().maxQueue }, 'image dropped: too many images waiting to be decoded; not checked for a QR code')
          break
        case 'closed':
          break
        default:
          stats.failed++
          logger.warn({ ...image, error: result.error }, 'image decode failed; not checked for a QR code')
      }
      return undefined
    },
    stats: () => ({ ...stats }),
    close: () => pool.close(),
  }
}
