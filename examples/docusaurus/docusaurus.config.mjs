import remarkDgm from 'remark-dgm'

// A figure with `output=file` is written into static/dgm/, which Docusaurus copies to the site as /dgm/
// (it copies static/ only when the folder holds something as the build starts: here robots.txt).
const dgm = { fileDir: 'static/dgm' }

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
    ['@docusaurus/plugin-content-docs', { routeBasePath: 'docs', remarkPlugins: [[remarkDgm, dgm]] }],
    ['@docusaurus/plugin-content-blog', { remarkPlugins: [[remarkDgm, dgm]], showReadingTime: false, onUntruncatedBlogPosts: 'ignore' }]
  ]
}
