/** Worker entry: reads QR codes for src/images/qr-reader.ts, one image at a time. */
import { readQrStreamed, type QrRead } from '../core/ads/qr-decode'
import { serveJobs } from './serve-jobs'

export interface QrJob {
  /** the image's bytes, handed over (transferred), not copied */
  data: ArrayBuffer
  maxPixels: number
}

serveJobs<QrJob, QrRead>(({ data, maxPixels }) => readQrStreamed(Buffer.from(data), maxPixels))
