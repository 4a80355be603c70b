# Pieces that messages take as arguments: kinds of value, "did you mean".

hint-did-you-mean = {" "}(did you mean `{ $name }`?)
hint-none = {""}
found-null = null
found-bool = true/false
found-int = a whole number
found-number = a number
found-text = text
found-list = a list
found-mapping = a mapping
