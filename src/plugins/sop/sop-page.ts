import type { ConsolePageRequest, ConsolePageSpec, PluginContext } from '../../plugin'
import type { SopTimeline } from '../../config/schema'
import { dayKey } from '../../core/time-window'
import { planOf } from './engine'
import type { Sop } from './sop'
import { sopTexts, stateNames } from './texts'

type Cell = keyof typeof stateNames | 'paused' | 'none'

const cellName = (c: Cell) => (c === 'paused' ? sopTexts.page.paused : c === 'none' ? sopTexts.page.noAnchor : stateNames[c])

/** The SOP's console page (/p/sop, read-only): per timeline a grid groups × steps, and one group's dated plan (`?t=S1&g=<room>`). */
export function sopPage(ctx: PluginContext, sop: Sop): ConsolePageSpec {
  const tz = () => ctx.config().timezone

  async function grid(r: ConsolePageRequest, t: SopTimeline): Promise<string> {
    const { esc } = r
    const head = `<h2>${esc(`${t.id} ${t.name}`)}</h2>`
    const groups = await sop.groupsOf(t)
    if (t.anchor === 'member') return `${head}<p class="muted">${esc(sopTexts.memberAnchored(t.id))}</p>`
    if (!groups.length) return `${head}<p class="muted">${esc(sopTexts.noGroups)}</p>`
    const paused = await sop.store.paused(t.id)
    const cols = t.steps.map((s) => `<th>${esc(sopTexts.page.step(s.day, s.at))}</th>`).join('')
    const rows: string[] = []
    for (const g of groups) {
      const anchor = await sop.store.anchor(t.id, g.roomId)
      const states = await sop.store.states(t.id, g.roomId)
      const plan = anchor ? planOf(t, anchor, tz()) : []
      const cells = t.steps.map((_s, i): Cell => {
        const p = plan[i]
        if (!p) return 'none'
        return states.get(p.key) ?? (paused.has(g.roomId) ? 'paused' : 'due')
      })
      const link = `/p/sop?t=${encodeURIComponent(t.id)}&g=${encodeURIComponent(g.roomId)}`
      rows.push(
        `<tr data-room="${esc(g.roomId)}"><td data-v="${esc(g.topic)}"><a href="${esc(link)}">${esc(g.topic)}</a>${paused.has(g.roomId) ? ` ${esc(sopTexts.page.paused)}` : ''}</td>` +
          `<td data-v="${esc(anchor ?? '')}">${esc(anchor ?? sopTexts.page.noAnchor)}</td>` +
          cells.map((c) => `<td data-v="${c}">${esc(cellName(c))}</td>`).join('') +
          '</tr>',
      )
    }
    return `${head}<div class="scroll"><table class="sortable" id="sop-${esc(t.id)}"><thead><tr><th>${esc(sopTexts.page.group)}</th><th>${esc(sopTexts.page.day0)}</th>${cols}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  }

  async function plan(r: ConsolePageRequest, t: SopTimeline, roomId: string): Promise<string> {
    const { esc } = r
    const g = (await sop.groupsOf(t)).find((x) => x.roomId === roomId)
    if (!g || t.anchor === 'member') return `<p class="muted">${esc(sopTexts.noGroups)}</p>`
    const anchor = (await sop.store.anchor(t.id, roomId)) ?? dayKey(ctx.now(), tz())
    const states = await sop.store.states(t.id, roomId)
    const paused = (await sop.store.paused(t.id)).has(roomId)
    const rows = planOf(t, anchor, tz())
      .map((p) => {
        const state: Cell = states.get(p.key) ?? (paused ? 'paused' : 'due')
        const what = [p.step.text ?? '', p.step.media ? `[素材:${p.step.media}]` : ''].filter(Boolean).join(' ')
        return `<tr><td data-v="${p.step.day}">${p.step.day}</td><td data-v="${esc(p.date)}">${esc(p.date)}</td><td data-v="${esc(p.step.at)}">${esc(p.step.at)}</td><td data-v="${state}">${esc(cellName(state))}</td><td class="wrap">${esc(what)}</td></tr>`
      })
      .join('')
    const c = sopTexts.page.planCols
    return (
      `<h2>${esc(sopTexts.page.planOf(t.id, g.topic, anchor, paused))}</h2>` +
      `<div class="scroll"><table id="sop-plan"><thead><tr><th>${esc(c.day)}</th><th>${esc(c.date)}</th><th>${esc(c.at)}</th><th>${esc(c.state)}</th><th>${esc(c.what)}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    )
  }

  return {
    path: 'sop',
    title: sopTexts.page.title,
    role: 'viewer',
    async render(r) {
      const timelines = ctx.config().sop.timelines
      if (!timelines.length) return `<p class="muted">${r.esc(sopTexts.none)}</p>`
      const chosen = r.fields.t ? sop.timeline(r.fields.t) : undefined
      const detail = chosen && r.fields.g ? await plan(r, chosen, r.fields.g) : ''
      const grids: string[] = []
      for (const t of timelines) grids.push(await grid(r, t))
      return detail + grids.join('')
    },
  }
}
