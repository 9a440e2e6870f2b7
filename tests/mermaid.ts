/**
 * The benchmark's Mermaid driver (Mermaid in Debian's Chromium), shared by
 * the tests that check an export in Mermaid itself.
 */
import { afterAll, beforeAll } from 'vitest'

export interface MermaidDriver {
  render(source: string): Promise<string>
  close(): Promise<void>
}

/** Open the driver before the enclosing describe's tests and close it after them; call the result inside a test. */
export function useMermaid(): () => MermaidDriver {
  let mermaid: MermaidDriver | undefined
  beforeAll(async () => {
    // Loose plain JS, imported by URL so that it is not type-checked here.
    mermaid = await (await import(new URL('../bench/mermaid.js', import.meta.url).href)).openMermaid()
  }, 60_000)
  afterAll(async () => mermaid?.close())
  return () => mermaid!
}
