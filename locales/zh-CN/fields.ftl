# 读取文件开头和 site.yaml 各项的内容（PS380-PS399）。

# 一组项是什么，用在“要写成 `名称: 值`”和“缺少”里。
fields-front-matter = 文件开头两行 `---` 之间的部分
fields-site = site.yaml
fields-labels = `labels`
fields-period = 时期
fields-metric = 指标
# 这些项属于什么，用在“…可以写的项有”里。
fields-report = 报告
fields-page = 页面
fields-profile = 县区简介（_index.md）

fields-not-mapping = { $what }要写成一行一行的 `名称: 值`，这里写的是{ $found }
fields-not-mapping-help = 每行写一项，名称后面是英文冒号和一个空格，例如 `title: 东台市2019年上半年工作进展`
field-missing = 缺少必填项 `{ $name }`
field-missing-help = 在{ $what }里加一行 `{ $name }: …`
field-unknown = 不认识 `{ $name }` 这一项{ $hint }
field-unknown-help = { $context }可以写的项有：{ $fields }
field-unknown-help-extra = { $context }可以写的项有：{ $fields }；其他自定义内容写在 `extra:` 下面
field-unknown-help-required = { $context }必须有 `{ $name }`：把这一行的 `{ $typed }:` 改成 `{ $name }:`
field-not-text = `{ $field }` 应当是文字，这里写的是{ $found }
field-not-text-help = 内容看起来像数字或 true/false 时，用英文引号把它括起来
field-not-text-help-list = 方括号 `[ ]` 或以 `- ` 开头的行表示列表；把文字直接写在冒号后面
field-not-text-help-mapping = 文字中间的“冒号加空格”会被当成新的一项；用英文引号把整段文字括起来
field-not-boolean = `{ $field }` 只能填 true 或 false，这里写的是{ $found }
field-not-boolean-help = 是填 true，否填 false
field-found-quoted = 带引号的 "{ $text }"
field-found-value = {" "}`{ $text }`
field-bool-unquote = 去掉引号，直接写 { $text }
field-bool-yes = “{ $text }”要写成 true：是否类的项只能填 true（是）或 false（否）
field-bool-no = “{ $text }”要写成 false：是否类的项只能填 true（是）或 false（否）
field-not-list = `{ $field }` 要写成列表，例如 `[a, b]`，这里写的是{ $found }
field-list-entry = `{ $field }` 列表里的每一项都要是不为空的文字
field-extra-not-mapping = `extra:` 下面要写成一行一行的 `名称: 值`，这里写的是{ $found }
field-extra-not-mapping-help = `extra` 的每一项单独一行，写在它下面，缩进两个空格，例如 `  note: …`
