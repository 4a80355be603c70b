# Words around diagnostics: help lines, summaries, `explain`.

help-with-code = { $help } (see `pilotsite explain { $code }`)
help-code-only = `pilotsite explain { $code }` says what this means and how to fix it
summary-counts = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }{ $warnings ->
        [0] {""}
        [one] , 1 warning
       *[other] , { $warnings } warnings
    }
no-problems = no problems found
explain-wrong = Wrong:
explain-right = Right:
explain-unknown = there is no code `{ $code }`; codes look like PS301 and are printed after `pilotsite explain` in every message's help line
build-done = built { $counties ->
        [one] 1 county
       *[other] { $counties } counties
    }, { $reports ->
        [one] 1 report
       *[other] { $reports } reports
    } and { $pages ->
        [one] 1 free page
       *[other] { $pages } free pages
    } into { $output } in { $ms } ms
build-failed = build failed: { $summary }; the previous output is unchanged
serve-build-failed = { $summary } in { $ms } ms; still serving the last good build
serve-overlay-title = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    } — showing the last good build; fix the file and this page reloads
serve-building = the site is being built
github-summary = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }. A pull request shows at most ten of each; the job's log lists them all.
serve-serving = serving { $root } at { $url } (Ctrl-C to stop)
serve-build-ready = ready in { $ms } ms
serve-stopped-by-user = stopped
serve-no-browser = could not open a browser ({ $command }: { $detail }); open { $url } yourself
