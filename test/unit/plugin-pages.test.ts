import { createPluginPages } from '../../src/http/plugin-pages'
import type { ConsolePageSpec } from '../../src/plugin'

const spec = (path: string, role: ConsolePageSpec['role'] = 'viewer'): ConsolePageSpec => ({ path, title: path.toUpperCase(), role, render: async () => '' })

describe('the console pages plugins register', () => {
  it('lists a page for the roles that may see it, until its disposer runs', () => {
    const pages = createPluginPages()
    const dispose = pages.add(spec('faq'))
    pages.add(spec('secret', 'admin'))
    expect(pages.navFor('viewer')).toEqual([{ href: '/p/faq', title: 'FAQ' }])
    expect(pages.navFor('admin').map((p) => p.href)).toEqual(['/p/faq', '/p/secret'])
    dispose()
    expect(pages.get('faq')).toBeUndefined()
    expect(pages.navFor('admin').map((p) => p.href)).toEqual(['/p/secret'])
    // the path is free again
    expect(() => pages.add(spec('faq'))).not.toThrow()
  })

  it('refuses a path or action outside [a-z0-9-] and a path taken twice', () => {
    const pages = createPluginPages()
    pages.add(spec('faq'))
    expect(() => pages.add(spec('faq'))).toThrow('registered twice')
    expect(() => pages.add(spec('../x'))).toThrow('only a-z')
    expect(() => pages.add({ ...spec('ok'), actions: { 'a/b': { role: 'operator', run: async () => '' } } })).toThrow('only a-z')
  })
})
