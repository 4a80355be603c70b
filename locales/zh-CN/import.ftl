# `pilotsite import`：把填好的统计表读回各县区的报告（PS950-PS979）。

import-cannot-read = 无法读取 { $path }：{ $reason }
import-csv-not-utf8 = { $path } 不是 UTF-8 文本；请另存为"CSV UTF-8"（或者保存为 .xlsx）
import-csv-needs-period = { $file } 是 CSV 文件，无法记录时期；请用 --period 指定（例如 --period 2019-H1）
import-no-period = { $file } 没有记录时期（工作簿里没有名称 `pilotsite_period`）；请用 --period 指定
import-unknown-period = 未知的时期 `{ $period }`；site.yaml 中的时期有 { $periods }
import-no-id-row = { $file }：工作表 { $sheet } 没有指标代码的表头行（前三行中第一格为 `county` 的那一行）
import-unknown-county = 未知的县区代码 `{ $id }`{ $hint }
import-unknown-county-help = 第一列填县区代码，即 content/counties/ 下的文件夹名
import-unknown-column = 表头行中有未知的指标 `{ $id }`{ $hint }
import-unknown-column-help = 表头行填 site.yaml 中的指标代码；不是指标的列请删除
import-derived-column = `{ $id }`（{ $label }）由其他数字计算得出，统计表里没有这一列
import-derived-column-help = 删除这一列；生成网站时会自动计算
import-duplicate-county = 县区 `{ $id }` 在这里又有一行（第一行在 { $first }）
import-duplicate-column = 指标 `{ $id }` 在这里又有一列（第一列在 { $first }）
import-row-without-county = 这一行有数字（{ $cell }），但没有县区代码
import-cell-date = `{ $id }`（{ $label }）是一个日期：表格软件把输入的内容变成了日期
import-cell-date-help = 把单元格格式设为数值，再重新输入数字
import-cell-error = `{ $id }`（{ $label }）是错误值 { $found }
import-derived-help = { $help }（见 { $cells }）
import-block-not-editable = 这份报告的 `metrics:` 部分不是每个指标一行 `代码: 数值`，无法直接修改
import-block-not-editable-help = 在 `metrics:` 下每行写一个数字，然后重新导入
import-file-taken = { $path } 已存在，但不是这个县区这一时期的报告；导入会覆盖它
import-write-failed = 写入失败（{ $reason }）；已写入：{ $written }；未写入：{ $not_written }
import-none = 无
import-nothing-written = 没有写入任何文件
import-report-title = { $county }{ $period }工作报告
import-file-new = { $path }（新建）
import-file-changed = { $path }
import-figure-changed = {"  "}{ $id }：{ $old } → { $new }
import-figure-added = {"  "}{ $id }：{ $new }（新填报）
import-figure-cleared = {"  "}{ $id }：{ $old } → null（清空）
import-summary = { $dry_run ->
        [yes] 将
       *[no] {""}
    }把 { $figures } 个数字写入 { $reports } 份报告，其中新建 { $created } 份；未变：{ $unchanged }
