# Reading the fields of front matter and of site.yaml's entries (PS380-PS399).

# What a set of fields is, for "must be `key: value` lines" and "missing".
fields-front-matter = the front matter
fields-site = site.yaml
fields-labels = `labels`
fields-period = a period
fields-metric = a metric
# Whose fields they are, for "the fields of … are".
fields-report = a report
fields-page = a page
fields-profile = a county profile

fields-not-mapping = { $what } must be a set of `key: value` lines, found { $found }
fields-not-mapping-help = write one `name: value` on each line, such as `title: 东台市2019年上半年工作进展`
field-missing = missing required field `{ $name }`
field-missing-help = add a line `{ $name }: …` to { $what }
field-unknown = unknown field `{ $name }`{ $hint }
field-unknown-help = the fields of { $context } are: { $fields }
field-unknown-help-extra = the fields of { $context } are: { $fields }; free-form data goes under `extra`
field-unknown-help-required = { $context } needs `{ $name }`: write `{ $name }:` instead of `{ $typed }:`
field-not-text = `{ $field }` must be text, found { $found }
field-not-text-help = put the text in quotes if it looks like a number or true/false
field-not-text-help-list = square brackets `[ ]` or lines starting with `- ` make a list; write the text right after the colon
field-not-text-help-mapping = a colon followed by a space inside the text starts a new `name: value`; put the whole text in quotes
field-not-boolean = `{ $field }` must be true or false, found { $found }
field-not-boolean-help = write true or false
field-found-quoted = "{ $text }" in quotes
field-found-value = `{ $text }`
field-bool-unquote = write { $text } without quotes
field-bool-yes = write true for “{ $text }”: a yes/no field takes true (yes, 是) or false (no, 否)
field-bool-no = write false for “{ $text }”: a yes/no field takes true (yes, 是) or false (no, 否)
field-not-list = `{ $field }` must be a list such as `[a, b]`, found { $found }
field-list-entry = each entry of `{ $field }` must be non-empty text
field-extra-not-mapping = `extra` must be `key: value` lines, found { $found }
field-extra-not-mapping-help = put each item of `extra` on a line of its own below it, indented by two spaces, such as `  note: …`
