import { consoleMessages as m } from '../texts'
import { esc } from './html'
import type { Viewer } from './auth'

/** The console's style sheet, served at /static/console.css (no inline style: the CSP allows 'self' only). */
export const CONSOLE_CSS = `
*{box-sizing:border-box}body{font:15px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;gap:10px;align-items:center}
header a{color:#fff;text-decoration:none;padding:4px 6px;border-radius:4px}header a.on{background:#457b9d}
header .who{margin-left:auto;font-size:13px;opacity:.85}
main{padding:12px;max-width:1200px;margin:0 auto}h1{font-size:20px;margin:8px 0}h2{font-size:17px;margin:16px 0 6px}
.scroll{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap;vertical-align:top}
td.wrap,td .wrap{white-space:normal;min-width:12em}
th{background:#f0f3f7;cursor:pointer;user-select:none}th.asc:after{content:" ▲"}th.desc:after{content:" ▼"}
.bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.msg{background:#fff8e1;border:1px solid #f0c36d;padding:8px;border-radius:6px;white-space:pre-wrap}
button,.btn{font:inherit;padding:3px 10px;border:1px solid #457b9d;background:#fff;color:#1d3557;border-radius:4px;cursor:pointer;text-decoration:none}
form.inline{display:inline}input[type=text],textarea,select{font:inherit;padding:4px;max-width:100%}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:12px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px}
.muted{color:#777}.spark{vertical-align:middle}pre.text{white-space:pre-wrap}
`

/**
 * The console's script, served at /static/console.js (no inline script: the CSP allows 'self'
 * only): sorts any .sortable table by the clicked header; filters rows of [data-tags] by the tag select.
 */
export const CONSOLE_JS = `
document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){
var table=th.closest('table'),i=Array.prototype.indexOf.call(th.parentNode.children,th),num=th.dataset.numeric==='1';
var dir=th.classList.contains('asc')?-1:1;table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});th.classList.add(dir>0?'asc':'desc');
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;return dir*(num?(Number(x)-Number(y)):x.localeCompare(y,'zh'))});
rows.forEach(function(r){body.appendChild(r)})})});
var tag=document.getElementById('tag-filter');if(tag)tag.addEventListener('change',function(){
document.querySelectorAll('tr[data-tags]').forEach(function(r){r.style.display=!tag.value||r.dataset.tags.split(',').indexOf(tag.value)>=0?'':'none'})});
`

export type Section = 'groups' | 'broadcasts' | 'rules' | 'schedules' | 'queue'

/** A console page: the same header and navigation everywhere, Chinese, a phone-sized viewport. */
export function page(opts: { title: string; viewer?: Viewer; section?: Section; body: string; flash?: string | undefined; head?: string; current?: string }): string {
  const nav = opts.viewer
    ? (['groups', 'broadcasts', 'rules', 'schedules', 'queue'] as const)
        .map((s) => `<a href="/${s}"${s === opts.section ? ' class="on"' : ''}>${esc(m.nav[s])}</a>`)
        .join('') +
      (opts.viewer.nav ?? []).map((p) => `<a href="${esc(p.href)}"${p.href === opts.current ? ' class="on"' : ''}>${esc(p.title)}</a>`).join('') +
      `<span class="who">${esc(m.signedInAs(opts.viewer.name, m.roles[opts.viewer.role] ?? opts.viewer.role))}</span>` +
      (opts.viewer.csrf ? `<form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(opts.viewer.csrf)}"><button>${esc(m.nav.logout)}</button></form>` : '')
    : ''
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} · ${esc(m.title)}</title><link rel="stylesheet" href="/static/console.css">${opts.head ?? ''}</head>
<body><header><strong>${esc(m.title)}</strong>${nav}</header><main><h1>${esc(opts.title)}</h1>
${opts.flash ? `<div class="msg" id="flash">${esc(opts.flash)}</div>` : ''}${opts.body}</main><script src="/static/console.js"></script></body></html>`
}

/** A POST button carrying the session's CSRF token. */
export function postButton(viewer: Viewer, action: string, label: string, cls = ''): string {
  return `<form class="inline" method="post" action="${esc(action)}"><input type="hidden" name="_csrf" value="${esc(viewer.csrf ?? '')}"><button${cls ? ` class="${cls}"` : ''}>${esc(label)}</button></form>`
}

/** Links to the table's CSV and Excel exports. */
export function exportLinks(name: string, query = ''): string {
  return `<span class="bar"><a class="btn" href="/export/${esc(name)}.csv${query}">${esc(m.export.csv)}</a><a class="btn" id="xlsx-${esc(name)}" href="/export/${esc(name)}.xlsx${query}">${esc(m.export.xlsx)}</a></span>`
}
