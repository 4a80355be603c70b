# Markdown bodies: links, chart blocks (PS5xx).

chart-block-not-mapping = a chart block must be `key: value` lines
chart-block-not-mapping-help = for example `metric: township_sast_coverage` on one line and `type: trend` on the next
chart-block-not-text = `{ $field }` must be text, found { $found }
chart-block-unknown-metric = unknown metric `{ $name }`{ $hint }
chart-block-unknown-metric-help = the metrics are defined in site.yaml under `metrics:`; use a metric's `id`
chart-block-unknown-type = unknown chart type `{ $name }`{ $hint }
chart-block-unknown-type-help = chart types are: { $types }
chart-block-unknown-county = unknown county `{ $name }`{ $hint }
chart-block-unknown-county-help = use the county's folder name under content/counties/
chart-block-unknown-period = unknown period `{ $name }`{ $hint }
chart-block-unknown-period-help = use a period id listed under `periods:` in site.yaml
chart-block-unknown-field = unknown field `{ $name }` in a chart block{ $hint }
chart-block-unknown-field-help = a chart block takes: { $fields }
chart-block-no-metric = a chart block needs `metric:`
chart-block-no-metric-help = add a line such as `metric: township_sast_coverage`
chart-block-county-needs-county = a `county` chart needs `county:` outside a county's report
chart-block-county-needs-county-help = add a line such as `county: dongtai`
link-missing = link to `{ $url }`, which does not exist
link-missing-help = no file { $target }; check the folder and file name (links use the source path, such as @/counties/dongtai/2018.md)
link-no-heading = link to `{ $url }`: { $target } has no heading `#{ $fragment }`
link-no-heading-help = its headings are: { $headings }
link-no-heading-help-none = that page has no headings to link to
link-dead-path = link to `{ $url }`: the site has no page at this address{ $hint }
link-dead-path-help = link to a report or page by its file, such as @/counties/dongtai/2018.md: its address is then made for you, with the site's base path
