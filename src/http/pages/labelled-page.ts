import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { parseLabelledFile } from '../../core/ads/labelled-file'
import { normalizeLabelText } from '../../core/ads/near-duplicate'
import { localTime } from '../../core/time-window'
import { consoleMessages as m, formatLocalTime } from '../../texts'
import { importLabels } from '../../plugins/rules/import-labels'
import type { LabelledText } from '../../store/labelled-texts'
import type { Viewer } from '../auth'
import type { ConsoleContext } from '../console-context'
import { esc } from '../html'
import { boundaryOf, parseMultipart } from '../multipart'
import { page } from '../layout'

/** the largest file the upload takes (100,000 chat lines are a few MB) */
const UPLOAD_LIMIT = 32 * 1024 * 1024
const UPLOAD_ID = /^[a-f0-9]{24}$/
const SHOWN_REFUSED = 50

const t = m.labelled

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

function exportLine(e: LabelledText, format: 'jsonl' | 'csv', tz: string): string {
  const at = formatLocalTime(localTime(e.at, tz))
  if (format === 'jsonl') return JSON.stringify({ text: e.original, label: e.label, source: e.source, by: e.by, at, confirmed: e.confirmed !== false })
  return [e.original, e.label, e.source, e.by, at].map(csvField).join(',')
}

/** The rules page's 样本库 section: what the store holds, its exports, the upload form (no script: a plain form). */
export async function labelledSection(c: ConsoleContext, viewer: Viewer): Promise<string> {
  const { labelled, learnedModels } = c.ctx.stores
  // counts only: the page never reads 100,000 texts (the export does, when asked)
  const count = await labelled.count()
  const meta = await learnedModels.meta()
  const tz = c.ctx.config().timezone
  const model = meta ? t.model(meta.examples.ad, meta.examples.normal, formatLocalTime(localTime(meta.trainedAt, tz))) : t.noModel
  const summary = `<p>${esc(t.summary(count, model))}</p>`
  if (viewer.role === 'viewer') return `<h2>${esc(t.title)}</h2>${summary}`
  const exports = `<span class="bar"><a class="btn" href="/labelled/export.jsonl">${esc(t.exportJsonl)}</a><a class="btn" href="/labelled/export.csv">${esc(t.exportCsv)}</a></span>`
  const form =
    `<form method="post" action="/labelled/preview" enctype="multipart/form-data">` +
    `<input type="hidden" name="_csrf" value="${esc(viewer.csrf ?? '')}">` +
    `<p class="muted">${esc(t.uploadHint)}</p><label>${esc(t.file)} <input type="file" name="file" accept=".jsonl,.json,.csv,.txt" required></label> ` +
    `<button>${esc(t.preview)}</button></form>`
  return `<h2>${esc(t.title)}</h2>${summary}${exports}${form}`
}

/**
 * The labelled store on the console: its export (JSON lines or CSV, with the columns `ads
 * learn` reads back), and the upload of a labelled file: a preview of what it would do
 * (new, relabelled, duplicate, refused lines), then the import — the same batches as
 * `npm run ads -- learn`. Operators only; every POST carries the session's CSRF token
 * (a form field, read from the multipart body like any other).
 */
export function labelledRoutes(app: FastifyInstance, c: ConsoleContext): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (req, body, done) => {
    const boundary = boundaryOf(req.headers['content-type'])
    if (!boundary) return done(Object.assign(new Error('multipart body without a boundary'), { statusCode: 400 }))
    done(null, parseMultipart(body as Buffer, boundary))
  })

  app.get<{ Params: { ext: string } }>('/labelled/export.:ext', async (req, reply) => {
    if (!c.need(req, reply, 'operator')) return reply
    const format = req.params.ext
    if (format !== 'jsonl' && format !== 'csv') return reply.code(404).send({ error: 'no such export' })
    const tz = c.ctx.config().timezone
    const lines = (await c.ctx.stores.labelled.all()).map((e) => exportLine(e, format, tz))
    const body = format === 'csv' ? ['text,label,source,by,at', ...lines].join('\r\n') + '\r\n' : lines.join('\n') + (lines.length ? '\n' : '')
    void reply.header('content-disposition', `attachment; filename="qunhq-labelled.${format}"`)
    return reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8').send(body)
  })

  app.post('/labelled/preview', { bodyLimit: UPLOAD_LIMIT }, async (req, reply) => {
    const viewer = c.need(req, reply, 'operator')
    if (!viewer) return reply
    const file = (req.body as Record<string, unknown> | undefined)?.file
    const html = (body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(page({ title: t.previewTitle, viewer, section: 'rules', body }))
    const back = `<p><a class="btn" href="/rules">${esc(t.back)}</a></p>`
    if (!file || typeof file !== 'object' || !('data' in file) || !Buffer.isBuffer(file.data) || file.data.length === 0) return html(`<p>${esc(t.noFile)}</p>${back}`, 400)
    const upload = file as { filename: string; data: Buffer }
    const text = upload.data.toString('utf8')
    if (text.includes('\uFFFD') && !upload.data.includes(Buffer.from('\uFFFD'))) return html(`<p>${esc(t.notUtf8)}</p>${back}`, 400)
    const parsed = parseLabelledFile(text, upload.filename)

    // what the import would do: against the store now, and earlier lines of the same file
    const stored = await c.ctx.stores.labelled.labelsOf(parsed.examples.map((e) => e.text))
    const inFile = new Map<string, 'ad' | 'normal'>()
    const counts = { added: 0, relabelled: 0, duplicates: 0 }
    parsed.examples.forEach((e, i) => {
      const norm = normalizeLabelText(e.text)
      const before = inFile.get(norm) ?? stored[i]
      if (before === undefined) counts.added++
      else if (before === e.label) counts.duplicates++
      else counts.relabelled++
      inFile.set(norm, e.label)
    })
    const id = randomBytes(12).toString('hex')
    await c.ctx.stores.labelledUploads.put(id, { ...parsed, name: upload.filename, by: viewer.contactId })

    const refused = parsed.refused.slice(0, SHOWN_REFUSED).map((r) => `<li>${r.line}: ${esc(r.error)}</li>`).join('')
    const more = parsed.refused.length > SHOWN_REFUSED ? `<li>${esc(t.more(parsed.refused.length - SHOWN_REFUSED))}</li>` : ''
    const body =
      `<p id="preview-counts">${esc(t.previewCounts({ name: upload.filename, lines: parsed.examples.length, ...counts, refused: parsed.refused.length }))}</p>` +
      (parsed.refused.length ? `<h2>${esc(t.refusedLines)}</h2><ul>${refused}${more}</ul>` : '') +
      `<form method="post" action="/labelled/import"><input type="hidden" name="_csrf" value="${esc(viewer.csrf ?? '')}"><input type="hidden" name="upload" value="${id}">` +
      `<button>${esc(t.importButton)}</button></form>${back}`
    return html(body)
  })

  app.post<{ Body: { upload?: string } }>('/labelled/import', async (req, reply) => {
    const viewer = c.need(req, reply, 'operator')
    if (!viewer) return reply
    const id = req.body?.upload
    const upload = typeof id === 'string' && UPLOAD_ID.test(id) ? await c.ctx.stores.labelledUploads.get(id) : undefined
    if (!upload || upload.by !== viewer.contactId || !(await c.ctx.stores.labelledUploads.take(id!))) return reply.redirect(`/rules?msg=${encodeURIComponent(t.expired)}`, 303)
    const result = await importLabels(c.ctx.stores.labelled, upload.examples, { by: viewer.contactId, source: `导入 ${upload.name}`, now: c.ctx.now })
    const done = t.imported({ ...result, refused: upload.refused.length })
    await c.audit.record({ at: c.ctx.now(), action: 'console', by: viewer.contactId, why: `导入样本 ${upload.name}`, evidence: done })
    return reply.redirect(`/rules?msg=${encodeURIComponent(done)}`, 303)
  })
}
