# `pilotsite import`: a filled-in form read back into the reports (PS950-PS979).

import-cannot-read = cannot read { $path }: { $reason }
import-csv-not-utf8 = { $path } is not UTF-8 text; save it again as "CSV UTF-8" (or save the workbook as .xlsx)
import-csv-needs-period = { $file } is a CSV, which cannot carry its period; say which with --period (e.g. --period 2019-H1)
import-no-period = { $file } does not say its period (the workbook has no name `pilotsite_period`); say which with --period
import-unknown-period = unknown period `{ $period }`; the periods in site.yaml are { $periods }
import-no-id-row = { $file }: sheet { $sheet } has no header row of metric ids (a row among the first three whose first cell is `county`)
import-unknown-county = unknown county id `{ $id }`{ $hint }
import-unknown-county-help = the first column holds county ids, the names of the folders under content/counties/
import-unknown-column = unknown metric `{ $id }` in the header row{ $hint }
import-unknown-column-help = the header row holds metric ids as in site.yaml; delete a column that is not one
import-derived-column = `{ $id }` ({ $label }) is computed from other figures, so it has no column in the form
import-derived-column-help = delete this column; the figure is computed when the site is built
import-duplicate-county = the county `{ $id }` has a second row here (the first is at { $first })
import-duplicate-column = the metric `{ $id }` has a second column here (the first is at { $first })
import-row-without-county = this row has figures (at { $cell }) but no county id
import-cell-date = `{ $id }` ({ $label }) holds a date; the spreadsheet turned what was typed into one
import-cell-date-help = format the cell as a number and type the figure again
import-cell-error = `{ $id }` ({ $label }) holds the error value { $found }
import-derived-help = { $help } (see { $cells })
import-block-not-editable = the `metrics:` block of this report is not one `id: value` line per metric, so import cannot change it in place
import-block-not-editable-help = write each figure on its own line under `metrics:`, then import again
import-file-taken = { $path } exists but is not this county's report for the period; import would overwrite it
import-write-failed = writing failed ({ $reason }); written: { $written }; not written: { $not_written }
import-none = none
import-nothing-written = nothing was written
import-report-title = { $county }: report for { $period }
import-file-new = { $path } (new)
import-file-changed = { $path }
import-figure-changed = {"  "}{ $id }: { $old } → { $new }
import-figure-added = {"  "}{ $id }: { $new } (newly reported)
import-figure-cleared = {"  "}{ $id }: { $old } → null (cleared)
import-summary = { $dry_run ->
        [yes] would write{" "}
       *[no] {""}
    }{ $figures ->
        [one] 1 figure
       *[other] { $figures } figures
    } into { $reports ->
        [one] 1 report
       *[other] { $reports } reports
    }, { $created } new; unchanged: { $unchanged }
