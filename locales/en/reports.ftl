# Reports', county profiles' and pages' fields (PS3xx): periods, dates,
# metrics and the slips of typing them with a Chinese input method.

county-order-not-whole = `order` must be a whole number
period-not-text = `period` must be a period id such as `{ $example }`
period-unknown = unknown period `{ $name }`{ $hint }
period-unknown-help = the periods in site.yaml are: { $list }
period-not-yet = period `{ $name }` is not in site.yaml yet; ask the city office to add it to `periods:`
period-not-yet-help = the last period in site.yaml is `{ $last }`; once the new period is listed there, this report is read as it is
date-not-a-date = `date` must be a date written YYYY-MM-DD, found `{ $found }`
date-not-a-date-help = for example `2021-01-15`: four digits for the year, two for the month, two for the day
date-no-such-day = there is no { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year } (that month has { $days } days)
date-no-such-day-help = check the day on the calendar; the date is written YYYY-MM-DD
date-no-such-month = there is no month { $month } in `{ $found }`
date-no-such-month-help = the month is the middle part, from 01 to 12: `2021-01-15`
metric-unknown = unknown metric `{ $name }`{ $hint }
metric-unknown-help = the metrics are defined in site.yaml; check the spelling there
metrics-not-mapping = `metrics` must be a set of `metric_id: value` lines, found { $found }
metric-derived-typed-in = `{ $id }` ({ $label }) is computed from { $inputs }; it cannot be typed in a report
metric-derived-typed-in-help = delete the line `{ $id }: ...`; fill in { $inputs } instead
metric-required-missing = required metric `{ $id }` ({ $label }) is missing
metric-required-missing-help = add the line `{ $id }: <value>` under `metrics:`; site.yaml marks it required
metric-required-null = required metric `{ $id }` ({ $label }) has no value (null)
metric-required-null-help = fill in the figure for { $label }; site.yaml marks it required
metric-not-bool = `{ $id }` ({ $label }) must be true or false, found { $found }
metric-not-bool-help = write true or false (or null if not reported)
found-quoted = `{ $text }`
metric-bool-in-words = `{ $id }` ({ $label }) is a yes/no figure: write { $answer } for `{ $found }`
metric-bool-in-words-help = a yes/no figure is written true (yes) or false (no), in English letters, without quotes
metric-bool-quoted = `{ $id }` ({ $label }) must be true or false, found "{ $answer }" in quotes
metric-bool-quoted-help = write { $answer } without quotes
metric-number-quoted = the figure of `{ $id }` ({ $label }) is in quotes; remove the quotes
metric-number-quoted-help = write `{ $id }: { $number }`: in quotes a figure is text
metric-number-invisible = `{ $id }` ({ $label }): { $char ->
        [zwsp] a zero-width space
        [zero-width] an invisible zero-width character
        [bom] an invisible byte-order mark
        [fullwidth-space] a full-width space
        [nbsp] a no-break space
       *[other-space] an unusual space
    } (U+{ $code }) { $place ->
        [before] before
        [inside] inside
       *[after] after
    } `{ $number }`; delete it
metric-number-invisible-help = the character cannot be seen: delete the figure with the characters around it and type it again
metric-number-fullwidth = `{ $id }` ({ $label }) is written with full-width digits `{ $found }`; type { $number }
metric-number-fullwidth-help = switch the input method to half-width (English) mode and type the digits again
metric-number-unit = `{ $id }` ({ $label }) must be a number without a unit, found `{ $found }`
metric-number-unit-help = write { $number }; the unit ({ $unit }) is not typed with the figure
metric-ratio-percent = `{ $id }` ({ $label }) is a ratio between 0 and 1, found the percentage `{ $found }`
metric-ratio-percent-help = write { $percent }% as { $ratio }
metric-number-commas = `{ $id }` ({ $label }) must be written without commas, found `{ $found }`
metric-number-commas-help = write { $number }
metric-number-text = `{ $id }` ({ $label }) must be a number, found text `{ $found }`
metric-number-text-help = write digits only, without units or commas (null if not reported)
metric-number-wrong-kind = `{ $id }` ({ $label }) must be a number, found { $found }
metric-not-finite = `{ $id }` ({ $label }) must be a finite number, found { $found }
metric-not-finite-help = write the figure, or null if it was not reported
metric-count-not-whole = `{ $id }` ({ $label }) is a count and must be a whole number of 0 or more, found { $found }
metric-ratio-range = `{ $id }` ({ $label }) is a ratio and must be between 0 and 1, found { $found }
metric-ratio-range-help = write 85% as 0.85
metric-money-negative = `{ $id }` ({ $label }) is an amount of money and must be 0 or more, found { $found }
metric-below-min = `{ $id }` ({ $label }) is { $value }, below the minimum { $min } set in site.yaml
metric-above-max = `{ $id }` ({ $label }) is { $value }, above the maximum { $max } set in site.yaml
sources-not-mapping = `sources` must be a set of `metric_id: where the figure comes from` lines, found { $found }
field-comment-cut = ` #` starts a comment, so the { $field } ends before `{ $cut }`; put the { $field } in quotes
field-comment-cut-help = write `{ $field }: "..."` with the whole text between the quotes
