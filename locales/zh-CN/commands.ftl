# 命令本身的话：命令行的错误、命令做了什么、`build --verbose` 的各个步骤（PS8xx）。

cmd-base-url-invalid = --base-url：{ $reason }
cmd-output-contains-site = 不能生成到 { $path }：网站本身就在这个文件夹里，生成时会被替换掉
cmd-output-inside-site = 不能生成到 { $path }：它在网站的 { $folder }/ 文件夹里面
cmd-cannot-read = 读不了 { $path }：{ $reason }
cmd-cannot-create-folder = 无法建立文件夹 { $path }：{ $reason }
cmd-cannot-write = 无法写入 { $path }：{ $reason }
init-not-empty = { $path } 不是空文件夹；pilotsite init 只往新的或空的文件夹里写
init-done = 已在 { $path } 建好示例网站（{ $files } 个文件）
init-next = 下一步：cd { $path } && pilotsite build
new-report-unknown-period = site.yaml 里没有时期 `{ $period }`；已有的时期是：{ $periods }
new-report-unknown-county = 没有县区 `{ $county }`：{ $profile } 不存在；请先建立这个县区的档案
new-report-exists = { $path } 已经存在；请直接修改它
new-report-done = 已建立 { $path }：请填写各项数字（null 表示未填报）和正文
schema-done = 已写入 { $path }：报告开头数据的 JSON Schema（{ $metrics } 个要填写的指标）
build-stage = { $ms } 毫秒  { $stage }
build-stage-memory = { $ms } 毫秒  { $stage }  （内存峰值 { $mb } MB）
stage-load = 读取并检查内容
stage-theme = 读取主题
stage-prepare = 统计、Markdown 正文、文件清单
stage-search = 搜索索引（与页面同时生成）
stage-pages = 页面、图表、数据文件和搜索索引
stage-swap = 换上新生成的网站
serve-port-in-use = { $interface } 上的端口 { $port } 已被占用；请先停掉另一个服务，或用 --port 换一个端口
