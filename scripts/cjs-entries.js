// Build step: CommonJS entry points for hosts that load plugins with
// `require` (hexo-renderer-markdown-it, VS Code's markdown-it contributions).
// `require('remark-dgm/markdown-it')` must be the plugin function itself.
import { writeFileSync } from 'node:fs'

writeFileSync('dist/cjs/package.json', '{"type":"commonjs"}\n')
writeFileSync(
  'dist/cjs/markdown-it-entry.js',
  "'use strict'\nconst { default: plugin } = require('./markdown-it.js')\nmodule.exports = Object.assign(plugin, { default: plugin })\n"
)
