# 内容文件开头的信息部分和 site.yaml 的 YAML 写法（PS1xx）。

front-matter-empty-file = 文件是空的
front-matter-empty-file-help = 先写一行 `---`，再写各项（例如 `title: ...`），再写一行 `---`，然后是正文；不需要这个文件就把它删掉
front-matter-missing = 文件没有以 `---` 开头：缺少开头的信息部分（标题等）
front-matter-missing-help = 第一行要是 `---`，接着写各项（例如 `title: ...`），再写一行 `---`，然后是正文
front-matter-unclosed = 开头的信息部分没有结束：缺少第二个 `---` 行
front-matter-unclosed-help = 在最后一项之后、正文之前加一行 `---`

yaml-tab-indent = 这一行用 Tab 键缩进了；缩进只能用空格
yaml-tab-indent-help = 把这一行开头的 Tab 换成空格（多数编辑器可以把 Tab 自动转成空格）
yaml-tab = 这里不能有 Tab 字符，要用空格
yaml-tab-help = 把 Tab 换成空格

# 中文输入法常见的误输入。
yaml-full-width-indent = 这一行用全角空格缩进了；请改用两个普通空格缩进
yaml-full-width-indent-help = 全角空格（　）看起来像两个空格，其实是另一个字符；删掉这一行的缩进，切换到英文输入状态后重新输入空格
yaml-full-width-colon = `{ $key }` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`{ $fixed }`
yaml-full-width-colon-help = 中文输入法打出的冒号是全角的 `：`；输入冒号前先切换到英文标点
yaml-colon-no-space = 冒号后面少了一个空格：应写成 `{ $fixed }`
yaml-colon-no-space-help = 冒号后面没有空格，整行会被当成一段文字

yaml-colon-missing = 这一行的名称后面缺少冒号 `:`
yaml-colon-missing-help = 写成 `名称: 值`，名称和冒号在同一行
yaml-colon-not-allowed = 这里不能有冒号 `:`
yaml-colon-not-allowed-help = 文字里有 `: ` 时，给整段文字加上引号；再看看这一行的缩进是否和上下几行一致
yaml-indent-mismatch = 这一行的缩进和上面几行对不齐
yaml-indent-mismatch-help = 检查缩进：同一组里的各项要从同一列开始
yaml-dash-expected = 这一行没有以 `- ` 开头，和上面那个列表的其他项不一样
yaml-dash-expected-help = 列表的每一项都以 `- ` 开头，要么都不用
yaml-list-not-allowed = 这里不能开始列表项 `- `
yaml-list-not-allowed-help = 列表项 `- ` 要单独起一行；写在一行里的列表写成 `[a, b]`

yaml-quote-open-line = 这里开始的引号在这一行里没有结束
yaml-quote-open-line-help = 在这一行里补上结束的引号；引号不结束，会把下面几行都当成这段文字
yaml-quote-unclosed = 引号没有结束
yaml-quote-unclosed-help = 在这段文字末尾补上结束的引号
yaml-bracket-unclosed = 括号 `{ $bracket }` 没有结束
yaml-bracket-unclosed-help = 在最后一项后面补上 `{ $close }`
yaml-bad-escape = 双引号里的 `{ $escape }` 不是有效的转义写法
yaml-bad-escape-help = 双引号里的反斜杠 `\` 表示转义（例如 `\n` 是换行）；改用单引号，或者把每个反斜杠写两遍
yaml-reserved-start = 值不能以{ $char ->
        [at] {" "}`@`{" "}
       *[backtick] 反引号（`）
    }开头
yaml-reserved-start-help = 给这个值加上引号
yaml-control-character = 这里有一个看不见的控制字符（U+{ $code }），不能出现在这里
yaml-control-character-help = 把它删掉；它常随从别的程序复制来的文字一起粘贴进来
yaml-bom = 这里有一个看不见的字节顺序标记（U+FEFF），不能出现在这里
yaml-bom-help = 把它删掉；它常随从别的文件复制来的文字一起粘贴进来
yaml-unknown-anchor = `*{ $name }` 引用的 `&{ $name }` 在它前面没有定义
yaml-unknown-anchor-help = 在前面的某个值上写 `&名称`，或者去掉 `*`
yaml-duplicate-key = `{ $key }` 出现了两次；保留其中一行
yaml-key-too-long = 这一行冒号前的名称超过 1024 个字符，太长了
yaml-key-too-long-help = 用短一些的名称

yaml-too-deep = 列表和分组一层套一层，超过了 { $max } 层
yaml-too-deep-help = 网站里没有哪一项需要套这么多层；检查括号和缩进
yaml-alias-bomb = 这里的引用（`*名称`）展开后超过 { $max } 个值
yaml-alias-bomb-help = 每个 `*名称` 都会重复一遍标了 `&名称` 的值，引用套引用会成倍增加；请把值直接写出来
yaml-too-many-values = 值太多了，超过 { $max } 个
yaml-too-many-values-help = 把大量数据从开头的信息部分移出去，放到正文里或 static/ 下的文件里
yaml-too-much-text = 文字太多了
yaml-too-much-text-help = 把大段文字从开头的信息部分移到正文里

# YAML 解析器报告的其他错误：只能引用它的英文原话。
yaml-other = YAML 格式有误：{ $detail }
