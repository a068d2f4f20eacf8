/** Worker entry: reads QR codes for src/images/qr-reader.ts, one image at a time. */
import { readQr, type QrRead } from '../core/ads/qr-decode'
import { serveJobs } from './serve-jobs'

export interface QrJob {
  data: Uint8Array
  maxPixels: number
}

serveJobs<QrJob, QrRead>(({ data, maxPixels }) => readQr(Buffer.from(data.buffer, data.byteOffset, data.byteLength), maxPixels))
