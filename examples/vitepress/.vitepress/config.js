import markdownItDgm from 'remark-dgm/markdown-it'

export default {
  title: 'remark-dgm on VitePress',
  // The article links to other posts of its blog.
  ignoreDeadLinks: true,
  markdown: {
    config(md) {
      md.use(markdownItDgm)
    }
  }
}
