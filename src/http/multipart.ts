/**
 * A multipart/form-data body (RFC 7578) as the console's one upload form sends it: text
 * fields and at most a few files, whole in memory (the route's body limit bounds it). No
 * library: the console has one upload, and this is its whole parser.
 */

export interface MultipartFile {
  filename: string
  data: Buffer
}

export interface MultipartBody {
  /** text fields, by name (`_csrf` among them) */
  [field: string]: string | MultipartFile | undefined
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '')
  return m ? (m[1] ?? m[2]) : undefined
}

const CRLF2 = Buffer.from('\r\n\r\n')

/** The parts of `body`; a part that does not read (no headers, no name) is left out. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const out: MultipartBody = {}
  const delimiter = Buffer.from(`--${boundary}`)
  let at = body.indexOf(delimiter)
  while (at >= 0) {
    const start = at + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break // the closing delimiter
    const next = body.indexOf(delimiter, start)
    if (next < 0) break
    const part = body.subarray(start + 2, next - 2) // after the CRLF that ends the delimiter line, before the CRLF that precedes the next
    const split = part.indexOf(CRLF2)
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8')
      const data = part.subarray(split + 4)
      const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(headers)?.[1] ?? ''
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
      if (name !== undefined) out[name] = filename !== undefined ? { filename, data: Buffer.from(data) } : data.toString('utf8')
    }
    at = next
  }
  return out
}
