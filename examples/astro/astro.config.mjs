import { defineConfig } from 'astro/config'
import mdx from '@astrojs/mdx'
import { satteri } from '@astrojs/markdown-satteri'
import { satteriDgm } from 'remark-dgm/satteri'

export default defineConfig({
  integrations: [mdx()],
  markdown: {
    // Astro 7 renders Markdown (and, through @astrojs/mdx, MDX) with Sätteri.
    processor: satteri({ mdastPlugins: [satteriDgm()] })
  }
})
