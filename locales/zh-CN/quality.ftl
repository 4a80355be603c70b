# `check` 的数据质量提醒（PS7xx）。

quality-missing-reports = { $county } 缺少 { $periods } 的报告
quality-missing-reports-help = 新建 content/counties/{ $id }/<时期>.md（运行 pilotsite new report { $id } <时期> 可以生成空白报告）
quality-thin-comparison = 指标 { $id }（{ $label }）的对比中，有一组不到 2 个县区（{ $periods }；{ $baseline ->
        [yes] 只算本期和基线期都有数字的县区
       *[no] 只算有数字的县区
    }）
quality-thin-comparison-help = 一组只有一个县区时，组平均值或变化就是那个县区自己的数字：解读时要谨慎，或者请缺数的县区补报
quality-thin-period = { $period }：试点 { $pilots } 个，非试点 { $controls } 个
quality-thin-period-more = { $period }：试点 { $pilots } 个，非试点 { $controls } 个；{ $rest }
quality-not-reported = 指标 { $id }（{ $label }）这期没有填，上一期 { $period } 是 { $value }
quality-not-reported-help = 有数字就填上；只有确实没有统计时才写 null
quality-large-change = 指标 { $id }（{ $label }）从 { $period } 的 { $old } 变成了 { $new }（{ $factor } 倍{ $scaled ->
        [yes] ，已按通常时期长度折算
       *[no] {""}
    }）；请核对这个数字
quality-large-change-help = 变化这么大，常常是笔误或者单位不同
quality-empty-body = { $county }{ $period }的报告只有数据，没有正文
quality-empty-body-help = 在结尾的 `---` 下面写这一时期的工作情况（pilotsite import 新建的报告只有数据）
