# Data-quality warnings of `check` (PS7xx).

quality-missing-reports = { $county } has no report for { $periods }
quality-missing-reports-help = add content/counties/{ $id }/<period>.md (pilotsite new report { $id } <period> writes a skeleton)
quality-thin-comparison = the comparison of `{ $id }` ({ $label }) rests on fewer than 2 counties in a group ({ $periods }, counting counties with figures{ $baseline ->
        [yes] {" "}at the period and the baseline
       *[no] {""}
    })
quality-thin-comparison-help = a group mean or change over one county is that county's figure: read it with care, or ask the missing counties for their figures
quality-thin-period = { $period }: { $pilots } pilot, { $controls } other
quality-thin-period-more = { $period }: { $pilots } pilot, { $controls } other; { $rest }
quality-not-reported = `{ $id }` ({ $label }) is not reported, but was { $value } in { $period }
quality-not-reported-help = fill in the figure if there is one; null is right only when it was not collected
quality-large-change = `{ $id }` ({ $label }) went from { $old } in { $period } to { $new } ({ $factor }×{ $scaled ->
        [yes] {" "}per period of the usual length
       *[no] {""}
    }); check the figure
quality-large-change-help = a change this large is often a typo or a different unit
quality-empty-body = the report of { $county } for { $period } has figures but no text
quality-empty-body-help = write what the county did this period below the closing `---` (pilotsite import creates reports with the figures only)
