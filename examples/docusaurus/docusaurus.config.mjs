import remarkDgm from 'remark-dgm'

export default {
  title: 'remark-dgm on Docusaurus',
  url: 'https://example.com',
  baseUrl: '/',
  // The article links to other posts of its blog.
  onBrokenLinks: 'ignore',
  // .md files as CommonMark (the article has HTML comments and TeX braces), .mdx as MDX.
  markdown: { format: 'detect' },
  themes: ['@docusaurus/theme-classic'],
  plugins: [
    ['@docusaurus/plugin-content-docs', { routeBasePath: 'docs', remarkPlugins: [remarkDgm] }],
    ['@docusaurus/plugin-content-blog', { remarkPlugins: [remarkDgm], showReadingTime: false, onUntruncatedBlogPosts: 'ignore' }]
  ]
}
