# `pilotsite form`：一个时期的填报表（PS98x），以及表里写给填表人的话。

form-unknown-period = site.yaml 里没有时期 `{ $period }`{ $hint }；已有的时期是：{ $periods }
form-unknown-county = 没有县区 `{ $county }`{ $hint }；县区标识是 content/counties/ 下的文件夹名
form-xlsx-failed = 无法生成填报表：{ $detail }
form-done = 已写入 { $path }：{ $period } 的填报表，{ $counties } 个县区、{ $metrics } 个指标

form-title = { $site }：{ $period }数据填报表
form-sheet-name = 填报
form-instructions-sheet = 填写说明
form-county-id = 县区标识
form-county-name = 县区名称

form-rule-count-between = 填 { $min } 到 { $max } 之间的整数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-count-at-least = 填不小于 { $min } 的整数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-number-between = 填 { $min } 到 { $max } 之间的数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-number-at-least = 填不小于 { $min } 的数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-number-at-most = 填不大于 { $max } 的数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-number = 填一个数{ $unit ->
        [none] {""}
       *[other] （单位：{ $unit }）
    }
form-rule-bool = 填 TRUE（是）或 FALSE（否），或从下拉列表中选
form-error-title = 这个数字不能填
form-error-message = { $rule }。只填数字，不带单位；不知道就留空，不要填 0。

form-about-period = 报告期
form-period = { $period }。本表的报告期记录在文件里（名称 pilotsite_period = { $id }），导入时不用再指定。
form-about-fill = 怎么填
form-fill = 在“{ $sheet }”表中，每个县区一行、每个指标一列，一个单元格填一个数字。已经报过的数字已预先填好，核对后可以修改。
form-about-figures = 数字
form-figures = 只填数字，不带单位、不加文字说明（填 12，不填“12个”）。单位写在每列的标题里。点中单元格会显示这个指标的说明和允许填写的范围，填错时 Excel 和 WPS 会拒绝。
form-about-empty = 空白
form-empty = 不知道或没有统计的，单元格留空，表示“未填报”。不要用 0 代替未知：0 表示确实是零，会当作真实数字发布。
form-about-ratios = 百分比
form-ratios = 比例类指标显示为百分比，可以直接输入 73.1%（表中保存为 0.731）。
form-about-yes-no = 是/否
form-yes-no = 是/否类指标填 TRUE（是）或 FALSE（否），可从下拉列表中选择。
form-about-layout = 不要改动
form-layout = “{ $sheet }”表的第 2 行（指标标识）和 A 列（县区标识）供程序读取，不要修改、不要删除或插入行列，也不要改工作表名称。
form-about-computed = 自动计算的指标
form-computed = 以下 { $count } 个指标由其他指标算出，表中没有它们的列，不用填写：
form-computed-none = 没有。
form-about-return = 交回
form-return = 填好后保存（保持 .xlsx 格式，文件名可以改），发回汇总的同志。汇总时用 pilotsite import 导入，每个单元格都会核对，有问题会指出是哪个单元格。
form-about-metrics = 表中的指标
form-heading-id = 标识
form-heading-label = 名称
form-heading-unit = 单位
form-heading-required = 必填
form-heading-rule = 填写要求
form-heading-definition = 说明
form-required = 是
