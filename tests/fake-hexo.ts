import type { HexoLike } from '../src/hexo.js'

export interface Post {
  content: string
  raw?: string
  source?: string
}

/** A stand-in for the part of Hexo the integration touches; the real one is built in tests/hosts.test.ts. */
export function fakeHexo(config: Record<string, unknown> = {}) {
  const filters: { type: string; fn: (data: Post) => unknown; priority?: number }[] = []
  const logged: string[] = []
  const hexo: HexoLike = {
    config,
    extend: { filter: { register: (type, fn, priority) => filters.push({ type, fn, priority }) } },
    log: { warn: (line) => logged.push(`warn ${line}`), error: (line) => logged.push(`error ${line}`) }
  }
  return { hexo, filters, logged }
}

/** A post as Hexo hands it to the filter: front matter in `raw`, not in `content`. */
export function post(raw: string, source = '_posts/t.md'): Post {
  const front = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(raw)?.[0] ?? ''
  return { raw, content: raw.slice(front.length), source }
}

/**
 * What Hexo does around the Markdown renderer: each protected block is set
 * aside as a comment, the rest rendered, the block put back.
 */
export function hexoPage(content: string, renderMarkdown: (markdown: string) => string): string {
  const kept: string[] = []
  const escaped = content.replace(/<hexoPostRenderCodeBlock>([\s\S]+?)<\/hexoPostRenderCodeBlock>/g, (_all, html: string) => `<!--code\uFFFC${kept.push(html) - 1}-->`)
  return renderMarkdown(escaped).replace(/<!--code\uFFFC(\d+)-->/g, (_all, i: string) => kept[Number(i)]!)
}
