# 诊断信息周围的文字：帮助行、汇总、`explain`。

help-with-code = { $help }（说明见 `pilotsite explain { $code }`）
help-code-only = 运行 `pilotsite explain { $code }` 查看这个问题的含义和改法
summary-counts = { $errors } 个错误{ $warnings ->
        [0] {""}
       *[other] ，{ $warnings } 个警告
    }
no-problems = 没有发现问题
explain-wrong = 错误写法：
explain-right = 正确写法：
explain-unknown = 没有代码 `{ $code }`；代码形如 PS301，每条信息的帮助行里 `pilotsite explain` 后面就是它的代码
build-done = 已生成 { $counties } 个县区、{ $reports } 篇报告和 { $pages } 个页面，输出到 { $output }，用时 { $ms } 毫秒
build-failed = 生成失败：{ $summary }；上一次的输出没有改动
serve-build-failed = { $summary }，用时 { $ms } 毫秒；预览仍显示上一次成功生成的网站
serve-overlay-title = { $errors } 个错误 —— 正在显示上一次成功生成的网站；改好文件后本页会自动刷新
serve-building = 网站正在生成
github-summary = { $errors } 个错误，{ $warnings } 个警告。拉取请求上每类最多显示十条；任务日志里列出了全部。
serve-serving = 正在预览 { $root }，地址 { $url }（按 Ctrl-C 停止）
serve-build-ready = 已生成，用时 { $ms } 毫秒
serve-stopped-by-user = 已停止
serve-no-browser = 无法打开浏览器（{ $command }：{ $detail }）；请自己打开 { $url }
