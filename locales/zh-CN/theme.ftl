# 主题：主题文件夹、主题文件、模板、界面文字（PS6xx）。

theme-not-found = 找不到主题 `{ $name }`：没有 { $folder }/ 这个文件夹
theme-not-found-help = 删掉 site.yaml 里 `theme:` 这一行就会用内置主题；或者建立这个文件夹
theme-file-unreadable = 读不了这个主题文件：{ $reason }
theme-file-not-utf8 = 这个主题文件不是 UTF-8 编码
theme-file-not-utf8-help = 用 UTF-8 编码重新保存（大多数编辑器在“另存为”里可以选编码）
theme-template-error = 模板有错：{ $detail }
theme-strings-not-mapping = 界面文字文件里每一行都要写成 `名称: 文字`
theme-strings-not-mapping-help = 例如第一行写 `home: 首页`，下一行写 `counties: 县区`
theme-string-not-text = 界面文字 `{ $name }` 应当是文字，这里写的是{ $found }
theme-string-not-text-help = 在冒号和一个空格后面直接写文字；文字里有冒号时用英文双引号括起来：`note: "注：数据为初步统计"`
