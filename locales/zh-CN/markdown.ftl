# Markdown 正文：链接、图表块（PS5xx）。

chart-block-not-mapping = 图表块里每一行都要写成 `名称: 值`
chart-block-not-mapping-help = 例如第一行写 `metric: township_sast_coverage`，下一行写 `type: trend`
chart-block-not-text = 图表块里的 `{ $field }` 应当是文字，这里写的是{ $found }
chart-block-unknown-metric = 图表块里的指标 `{ $name }` 不存在{ $hint }
chart-block-unknown-metric-help = 指标在 site.yaml 的 `metrics:` 下定义；这里要写指标的 `id`
chart-block-unknown-type = 没有 `{ $name }` 这种图表类型{ $hint }
chart-block-unknown-type-help = 图表类型有：{ $types }
chart-block-unknown-county = 图表块里的县区 `{ $name }` 不存在{ $hint }
chart-block-unknown-county-help = 写县区在 content/counties/ 下的文件夹名
chart-block-unknown-period = 图表块里的时期 `{ $name }` 不存在{ $hint }
chart-block-unknown-period-help = 写 site.yaml 里 `periods:` 下列出的时期 id
chart-block-unknown-field = 图表块不认识 `{ $name }` 这一项{ $hint }
chart-block-unknown-field-help = 图表块可以写的项有：{ $fields }
chart-block-no-metric = 图表块缺少 `metric:`（要画哪个指标）
chart-block-no-metric-help = 加一行，例如 `metric: township_sast_coverage`
chart-block-county-needs-county = 不在某个县区的报告里时，`county` 类图表要写明 `county:`
chart-block-county-needs-county-help = 加一行，例如 `county: dongtai`
link-missing = 链接 `{ $url }` 指向的文件不存在
link-missing-help = 没有 { $target } 这个文件；请核对文件夹和文件名（链接写源文件的路径，例如 @/counties/dongtai/2018.md）
link-no-heading = 链接 `{ $url }` 指向的小标题不存在：{ $target } 里没有 `#{ $fragment }`
link-no-heading-help = 这一页的小标题有：{ $headings }
link-no-heading-help-none = 这一页没有小标题，不能链接到其中某一段
link-dead-path = 链接 `{ $url }` 指向的网址在本网站上没有页面{ $hint }
link-dead-path-help = 链接报告或页面时写它的源文件，例如 @/counties/dongtai/2018.md：网址会自动生成，网站的基础路径也会自动加上
