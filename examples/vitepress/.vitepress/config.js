import markdownItDgm from 'remark-dgm/markdown-it'

export default {
  title: 'remark-dgm on VitePress',
  // The article links to other posts of its blog.
  ignoreDeadLinks: true,
  markdown: {
    config(md) {
      // A figure with `output=file` is written into public/dgm/, which VitePress copies to the site as /dgm/.
      md.use(markdownItDgm, { fileDir: 'public/dgm' })
    }
  }
}
