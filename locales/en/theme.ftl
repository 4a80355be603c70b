# The theme: its folder, files, templates and UI strings (PS6xx).

theme-not-found = theme `{ $name }` not found: there is no folder { $folder }/
theme-not-found-help = remove `theme:` to use the built-in theme, or create the folder
theme-file-unreadable = cannot read this theme file: { $reason }
theme-file-not-utf8 = this theme file is not valid UTF-8
theme-file-not-utf8-help = save it again as UTF-8 text (most editors offer the encoding under "Save as")
theme-template-error = template error: { $detail }
theme-strings-not-mapping = UI strings must be `key: text` lines
theme-strings-not-mapping-help = for example `home: Home` on one line and `counties: Counties` on the next
theme-string-not-text = the UI string `{ $name }` must be text, found { $found }
theme-string-not-text-help = write the words after the colon and a space, in double quotes if they hold a colon: `note: "Note: figures are provisional"`
