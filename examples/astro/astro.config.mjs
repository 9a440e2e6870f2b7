import { defineConfig } from 'astro/config'
import mdx from '@astrojs/mdx'
import { satteri } from '@astrojs/markdown-satteri'
import { satteriDgm } from 'remark-dgm/satteri'

export default defineConfig({
  integrations: [mdx()],
  markdown: {
    // Astro 7 renders Markdown (and, through @astrojs/mdx, MDX) with Sätteri.
    // A figure with `output=file` is written into public/dgm/, which Astro copies to the site as /dgm/.
    processor: satteri({ mdastPlugins: [satteriDgm({ fileDir: 'public/dgm' })] })
  }
})
