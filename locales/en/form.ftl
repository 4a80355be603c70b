# `pilotsite form`: the fill-in form of one period (PS98x), and what the form says to the clerk.

form-unknown-period = unknown period `{ $period }`{ $hint }; the periods in site.yaml are: { $periods }
form-unknown-county = unknown county `{ $county }`{ $hint }; a county's id is its folder name under content/counties/
form-xlsx-failed = cannot make the form: { $detail }
form-done = wrote { $path }: the form for { $period }, { $counties ->
        [one] 1 county
       *[other] { $counties } counties
    } and { $metrics ->
        [one] 1 metric
       *[other] { $metrics } metrics
    }

form-title = { $site }: figures for { $period }
form-sheet-name = Form
form-instructions-sheet = Instructions
form-county-id = County id
form-county-name = County name

form-rule-count-between = A whole number from { $min } to { $max }{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-count-at-least = A whole number, { $min } or more{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-number-between = A number from { $min } to { $max }{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-number-at-least = A number, { $min } or more{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-number-at-most = A number, { $max } or less{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-number = A number{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }
form-rule-bool = TRUE (yes) or FALSE (no), or pick one from the list
form-error-title = This value is not allowed
form-error-message = { $rule }. Type the number only, without a unit; leave the cell empty when unknown, never 0.

form-about-period = Period
form-period = { $period }. The period is recorded in the file (the name pilotsite_period = { $id }), so importing it needs no period.
form-about-fill = How to fill in
form-fill = On the sheet "{ $sheet }", each county has a row and each metric a column: one figure per cell. Figures already reported are filled in; check them and correct them if needed.
form-about-figures = Figures
form-figures = Type the number only, without a unit or words (12, not "12 sessions"). The unit is in each column's heading. Selecting a cell shows the metric's definition and the values allowed; Excel and WPS refuse anything else.
form-about-empty = Empty cells
form-empty = Leave a cell empty when the figure is unknown or not collected: empty means "not reported". Never type 0 for unknown: 0 means zero, and is published as a real figure.
form-about-ratios = Percentages
form-ratios = Ratios are shown as percentages; type 73.1% (the cell stores 0.731).
form-about-yes-no = Yes/no
form-yes-no = Yes/no metrics take TRUE (yes) or FALSE (no), which the cell's list offers.
form-about-layout = Do not change
form-layout = Row 2 of "{ $sheet }" (the metric ids) and column A (the county ids) are read by a program: do not change them, do not delete or insert rows or columns, and do not rename the sheets.
form-about-computed = Computed metrics
form-computed = These { $count ->
        [one] metric is
       *[other] { $count } metrics are
    } computed from others, so the form has no column for them:
form-computed-none = None.
form-about-return = Sending it back
form-return = Save the file (keep it .xlsx; the name may change) and send it back. It is read with pilotsite import, which checks every cell and names the cell of any problem.
form-about-metrics = The metrics of this form
form-heading-id = Id
form-heading-label = Name
form-heading-unit = Unit
form-heading-required = Required
form-heading-rule = Allowed values
form-heading-definition = Definition
form-required = yes
