# 生成网站：输出文件夹、static 里的文件、数据文件，以及文件读不了、写不进的原因（PS6xx）。

io-at-path = { $path }：{ $reason }
io-not-found = 找不到这个文件或文件夹
io-permission-denied = 没有权限
io-disk-full = 磁盘已满
io-read-only = 磁盘是只读的，不能写入
io-not-a-folder = 这里已经有一个同名的文件，不是文件夹
io-path-through-file = 路径中有一段是文件，不是文件夹
io-other = { $detail }
output-cannot-build-into = 无法在 { $path } 生成网站：{ $reason }
output-cannot-replace = 无法用新生成的网站替换 { $path }：{ $reason }
output-write-failed = 无法写入 { $path }：{ $reason }
output-write-failed-others = 另有 { $others } 个文件因为同样的原因没有写入
output-static-unreadable = 读不了这个文件：{ $reason }
output-static-collision = 网站会自动生成 `{ $file }`，这个文件会被它替换，不会发布出去
output-static-collision-help = 给这个文件改个名字，或者放到别的文件夹：`{ $file }` 这个位置留给网站自动生成的文件
output-xlsx-failed = 无法生成 data/metrics.xlsx：{ $detail }
output-no-such-file = 网站里没有 { $file } 这个文件
