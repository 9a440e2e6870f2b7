require('remark-dgm/hexo').register(hexo)
