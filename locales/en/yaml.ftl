# YAML syntax and front matter, in content files and site.yaml (PS1xx).

front-matter-empty-file = the file is empty
front-matter-empty-file-help = write a line `---`, then the fields (such as `title: ...`), then another `---` line, then the text; or delete the file
front-matter-missing = the file does not start with front matter
front-matter-missing-help = the first line must be `---`, then the fields (such as `title: ...`), then another `---` line, then the text
front-matter-unclosed = the front matter is never closed
front-matter-unclosed-help = add a line `---` after the last field, before the text begins

yaml-tab-indent = invalid YAML: a tab is used for indentation; YAML needs spaces
yaml-tab-indent-help = replace the tab at the start of this line with spaces (most editors can convert tabs to spaces)
yaml-tab = invalid YAML: a tab is not allowed here; YAML needs spaces
yaml-tab-help = replace the tab with spaces

# Slips of a Chinese input method.
yaml-full-width-indent = full-width spaces are used for indentation; indent with two ordinary spaces
yaml-full-width-indent-help = a full-width space (　) looks like two spaces but is another character; delete the indentation and type it again with the input method in English mode
yaml-full-width-colon = a full-width colon `：` after `{ $key }`; type an ordinary colon and a space: `{ $fixed }`
yaml-full-width-colon-help = a Chinese input method types `：`; switch to English punctuation before typing the colon
yaml-colon-no-space = a space is missing after the colon: write `{ $fixed }`
yaml-colon-no-space-help = without the space, the whole line is read as one piece of text

yaml-colon-missing = invalid YAML: a `:` is missing after the key on this line
yaml-colon-missing-help = write `key: value`, with the key and its `:` on one line
yaml-colon-not-allowed = invalid YAML: a `:` is not allowed here
yaml-colon-not-allowed-help = put text that contains `: ` in quotes, and check that this line is indented like the lines around it
yaml-indent-mismatch = invalid YAML: this line is not indented like the lines above it
yaml-indent-mismatch-help = check the indentation: the keys of one mapping must start in the same column
yaml-dash-expected = invalid YAML: this line does not start with `- `, like the other items of the list above it
yaml-dash-expected-help = start every item of a list with `- `, or none of them
yaml-list-not-allowed = invalid YAML: a list item `- ` cannot start here
yaml-list-not-allowed-help = a list item `- ` starts its own line; a list on one line is written `[a, b]`

yaml-quote-open-line = invalid YAML: the quote opened here is not closed on this line
yaml-quote-open-line-help = close the quote on this line; a quote left open takes in the lines below it
yaml-quote-unclosed = invalid YAML: unclosed quote
yaml-quote-unclosed-help = add the closing quote at the end of the value
yaml-bracket-unclosed = invalid YAML: unclosed bracket '{ $bracket }'
yaml-bracket-unclosed-help = add the closing `{ $close }` after the last item
yaml-bad-escape = invalid YAML: `{ $escape }` is not a valid escape in double quotes
yaml-bad-escape-help = inside double quotes a backslash starts an escape such as `\n`; write the text in single quotes, or double each backslash
yaml-reserved-start = invalid YAML: a value cannot start with { $char ->
        [at] `@`
       *[backtick] a backtick (`)
    }
yaml-reserved-start-help = put the value in quotes
yaml-control-character = invalid YAML: an invisible control character (U+{ $code }) is not allowed here
yaml-control-character-help = delete it; it often comes with text pasted from another program
yaml-bom = invalid YAML: an invisible byte-order mark (U+FEFF) is not allowed here
yaml-bom-help = delete it; it often comes with text pasted from another file
yaml-unknown-anchor = invalid YAML: `*{ $name }` refers to an anchor `&{ $name }` that is not defined before it
yaml-unknown-anchor-help = define `&name` on an earlier value, or remove the `*`
yaml-duplicate-key = `{ $key }` appears twice; keep one of the two lines
yaml-key-too-long = invalid YAML: this key is longer than 1024 characters, the most YAML allows
yaml-key-too-long-help = use a shorter key

yaml-too-deep = invalid YAML: lists and mappings are nested more than { $max } levels deep
yaml-too-deep-help = nothing in a site needs this much nesting; check the brackets and the indentation
yaml-alias-bomb = invalid YAML: the aliases (`*name`) here expand to more than { $max } values
yaml-alias-bomb-help = each `*name` repeats the value marked `&name`, and repeating values that repeat others multiplies them; write the values out instead
yaml-too-many-values = invalid YAML: more than { $max } values
yaml-too-many-values-help = move large data out of the front matter, into the text or a file under static/
yaml-too-much-text = invalid YAML: too much text
yaml-too-much-text-help = move large text out of the front matter, into the body

# Any other error of the YAML parser: its own English words.
yaml-other = invalid YAML: { $detail }
