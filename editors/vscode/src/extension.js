// The extension's entry, bundled with remark-dgm into out/extension.js by
// scripts/vsix.js so that the installed extension needs no npm install.
// VS Code's Markdown preview calls extendMarkdownIt on every extension that
// contributes `markdown.markdownItPlugins`.
const markdownItDgm = require('remark-dgm/markdown-it')

exports.activate = () => ({
  extendMarkdownIt: (md) => md.use(markdownItDgm)
})
