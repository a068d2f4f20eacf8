import { basename } from 'node:path'
import { mediaKind, mediaPath, type MediaItemConfig, type MediaKind } from '../config/media-schema'
import { UserError } from '../core/user-error'
import type { OutboundAction } from '../outbound/actions'
import { mediaMessages } from '../texts/media'

/** One item of the library as the commands and plugins see it. */
export interface MediaItem {
  id: string
  kind: MediaKind
  /** what `#素材` shows: the file's name, the link's or mini program's title */
  label: string
  /** the file sent, for `file` and `image` items */
  path?: string
}

/**
 * The media library (issue 21, item 2): the items of config `media`, read on every call so a
 * reload is seen at once, and the outbound action that sends one. Files are sent by path (read
 * at the send), so a broadcast of a big PDF to 300 groups does not hold 300 copies in Redis.
 * Plugins reach it as the service `media` (src/plugin.ts); broadcasts send `[素材:id]` with it.
 */
export function createMediaLibrary(config: () => { media: readonly MediaItemConfig[]; mediaDir: string }) {
  const view = (item: MediaItemConfig): MediaItem => {
    const kind = mediaKind(item)
    const dir = config().mediaDir
    switch (kind) {
      case 'file':
      case 'image': {
        const name = item[kind] ?? ''
        return { id: item.id, kind, label: basename(name), path: mediaPath(dir, name) }
      }
      case 'url':
        return { id: item.id, kind, label: item.url?.title ?? item.id }
      case 'miniProgram':
        return { id: item.id, kind, label: item.miniProgram?.title ?? item.id }
    }
  }
  const find = (id: string) => config().media.find((m) => m.id === id)

  return {
    list(): MediaItem[] {
      return config().media.map(view)
    },
    get(id: string): MediaItem | undefined {
      const item = find(id)
      return item && view(item)
    },
    /** the action that sends item `id` to a room or contact; a `UserError` when there is no such item */
    action(id: string, to: string): OutboundAction {
      const item = find(id)
      if (!item) throw new UserError(mediaMessages.unknown(id))
      const shown = view(item)
      if (item.url) {
        const { title, url, description, thumb } = item.url
        return { type: 'url', to, title, url, ...(description ? { description } : {}), ...(thumb ? { thumbnailUrl: thumb } : {}) }
      }
      if (item.miniProgram) return { type: 'miniProgram', to, ...item.miniProgram }
      return { type: shown.kind === 'image' ? 'image' : 'file', to, name: shown.label, path: shown.path ?? '' }
    },
  }
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>
