# 报告、县区简介和页面里的各项（PS3xx）：时期、日期、指标，以及用中文输入法填写时常见的笔误。

county-order-not-whole = `order`（排列顺序）要写整数
period-not-text = `period` 要写时期的 id，例如 `{ $example }`
period-unknown = 时期 `{ $name }` 不存在{ $hint }
period-unknown-help = site.yaml 里的时期有：{ $list }
period-not-yet = 时期 `{ $name }` 还没有写进 site.yaml；请市科协在 `periods:` 下加上它
period-not-yet-help = site.yaml 里最后一个时期是 `{ $last }`；新时期加上以后，这篇报告不用改
date-not-a-date = `date`（日期）要写成 YYYY-MM-DD，这里写的是 `{ $found }`
date-not-a-date-help = 例如 `2021-01-15`：年份四位，月份两位，日两位
date-no-such-day = { $year }年{ $month }月没有{ $day }日（这个月只有{ $days }天）
date-no-such-day-help = 对照日历核对日期；日期写成 YYYY-MM-DD
date-no-such-month = `{ $found }` 里的月份 { $month } 不存在
date-no-such-month-help = 中间两位是月份，从 01 到 12：`2021-01-15`
metric-unknown = 指标 `{ $name }` 不存在{ $hint }
metric-unknown-help = 指标在 site.yaml 里定义；冒号前要写指标的 id，请对照 site.yaml 核对拼写
metrics-not-mapping = `metrics` 下面要一行一个 `指标id: 数值`，这里写的是{ $found }
metric-derived-typed-in = 指标 { $id }（{ $label }）由系统根据 { $inputs } 计算，报告里不用填
metric-derived-typed-in-help = 删去 `{ $id }: ...` 这一行，填好 { $inputs } 即可
metric-required-missing = 缺少必填指标 { $id }（{ $label }）
metric-required-missing-help = 在 `metrics:` 下加一行 `{ $id }: 数值`；site.yaml 规定这一项必填
metric-required-null = 必填指标 { $id }（{ $label }）没有填数（null）
metric-required-null-help = 请填上“{ $label }”的数字；site.yaml 规定这一项必填
metric-not-bool = 是非指标 { $id }（{ $label }）要写 true 或 false，这里写的是{ $found }
metric-not-bool-help = 是写 true，否写 false（没有统计就写 null）
found-quoted = `{ $text }`
metric-bool-in-words = 是非指标 { $id }（{ $label }）要写 true 或 false：`{ $found }` 请写成 { $answer }
metric-bool-in-words-help = 是非指标用英文字母写：是写 true，否写 false，不加引号
metric-bool-quoted = 是非指标 { $id }（{ $label }）要写 true 或 false，这里的 "{ $answer }" 加了引号
metric-bool-quoted-help = 去掉引号，直接写 { $answer }
metric-number-quoted = 指标 { $id }（{ $label }）的数字加了引号；去掉引号
metric-number-quoted-help = 写成 `{ $id }: { $number }`：加了引号的数字会被当成文字
metric-number-invisible = 指标 { $id }（{ $label }）的 `{ $number }` { $place ->
        [before] 前面
        [inside] 中间
       *[after] 后面
    }有一个{ $char ->
        [zwsp] 零宽空格
        [zero-width] 看不见的零宽字符
        [bom] 看不见的字节顺序标记
        [fullwidth-space] 全角空格
        [nbsp] 不换行空格
       *[other-space] 特殊空格
    }（U+{ $code }）；请删掉它
metric-number-invisible-help = 这个字符看不见：把这个数字连同前后的字符删掉，重新输入
metric-number-fullwidth = 指标 { $id }（{ $label }）的数字 `{ $found }` 是全角数字；请输入 { $number }
metric-number-fullwidth-help = 把输入法切换到半角（英文）状态，重新输入数字
metric-number-unit = 指标 { $id }（{ $label }）只填数字，不带单位，这里写的是 `{ $found }`
metric-number-unit-help = 写成 { $number }；单位（{ $unit }）不用跟在数字后面
metric-ratio-percent = 指标 { $id }（{ $label }）是 0 到 1 之间的比例，这里写的是百分数 `{ $found }`
metric-ratio-percent-help = { $percent }% 要写成 { $ratio }
metric-number-commas = 指标 { $id }（{ $label }）的数字不要加逗号，这里写的是 `{ $found }`
metric-number-commas-help = 写成 { $number }
metric-number-text = 指标 { $id }（{ $label }）要填数字，这里写的是文字 `{ $found }`
metric-number-text-help = 只写阿拉伯数字，不带单位、不加逗号（没有统计就写 null）
metric-number-wrong-kind = 指标 { $id }（{ $label }）要填数字，这里写的是{ $found }
metric-not-finite = 指标 { $id }（{ $label }）要填一个具体的数，这里写的是 { $found }
metric-not-finite-help = 填上数字；没有统计就写 null
metric-count-not-whole = 指标 { $id }（{ $label }）是个数，要填 0 或更大的整数，这里写的是 { $found }
metric-ratio-range = 指标 { $id }（{ $label }）是比例，要在 0 到 1 之间，这里写的是 { $found }
metric-ratio-range-help = 85% 要写成 0.85
metric-money-negative = 指标 { $id }（{ $label }）是金额，要填 0 或更大的数，这里写的是 { $found }
metric-below-min = 指标 { $id }（{ $label }）填的是 { $value }，低于 site.yaml 规定的最小值 { $min }
metric-above-max = 指标 { $id }（{ $label }）填的是 { $value }，超过了 site.yaml 规定的最大值 { $max }
sources-not-mapping = `sources`（数据来源）下面要一行一个 `指标id: 来源说明`，这里写的是{ $found }
field-comment-cut = ` #` 会让后面的文字变成注释，{ $field ->
        [title] 标题
        [summary] 摘要
       *[description] 简介
    }到 `{ $cut }` 之前就断了；请给{ $field ->
        [title] 标题
        [summary] 摘要
       *[description] 简介
    }加上引号
field-comment-cut-help = 写成 `{ $field }: "..."`，整段文字放在引号里
