# 作为参数放进其他信息里的片段：值的种类、“是不是想写”。

hint-did-you-mean = （是不是想写 `{ $name }`？）
hint-none = {""}
found-null = null（空值）
found-bool = 是非值（true/false）
found-int = 整数
found-number = 数字
found-text = 文字
found-list = 列表
found-mapping = 键值表
