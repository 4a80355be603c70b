//! The stable code of every kind of diagnostic.
//!
//! A code names one kind of problem for good: it is printed in the help
//! line, in `--format json` and in GitHub annotations, and `pilotsite
//! explain CODE` looks it up. A kind's catalogue key may be renamed; its
//! code never changes and is never given to another kind. A retired code
//! stays in the list's comments, not reused.
//!
//! Codes are grouped by where the problem is found:
//! PS1xx the YAML of front matter and site.yaml, PS2xx site.yaml's
//! fields, PS3xx a report's or page's fields, PS4xx the content as a whole
//! (files, folders, counties, consistency), PS5xx Markdown, links and chart
//! blocks, PS6xx the theme and the output, PS7xx data-quality warnings,
//! PS8xx the command line and the preview, PS9xx the map file (PS901-PS949),
//! `import` (PS950-PS979) and the fill-in form (PS980-PS989).

/// (code, catalogue key of the headline message).
pub const CODES: &[(&str, &str)] = &[
    // PS1xx: YAML syntax and front matter (yaml.rs, content/frontmatter.rs)
    ("PS101", "front-matter-empty-file"),
    ("PS102", "front-matter-missing"),
    ("PS103", "front-matter-unclosed"),
    ("PS104", "yaml-tab-indent"),
    ("PS105", "yaml-tab"),
    ("PS106", "yaml-full-width-indent"),
    ("PS107", "yaml-full-width-colon"),
    ("PS108", "yaml-colon-no-space"),
    ("PS109", "yaml-colon-missing"),
    ("PS110", "yaml-colon-not-allowed"),
    ("PS111", "yaml-indent-mismatch"),
    ("PS112", "yaml-dash-expected"),
    ("PS113", "yaml-list-not-allowed"),
    ("PS114", "yaml-quote-open-line"),
    ("PS115", "yaml-quote-unclosed"),
    ("PS116", "yaml-bracket-unclosed"),
    ("PS117", "yaml-bad-escape"),
    ("PS118", "yaml-reserved-start"),
    ("PS119", "yaml-control-character"),
    ("PS120", "yaml-bom"),
    ("PS121", "yaml-unknown-anchor"),
    ("PS122", "yaml-duplicate-key"),
    ("PS123", "yaml-key-too-long"),
    ("PS124", "yaml-too-deep"),
    ("PS125", "yaml-alias-bomb"),
    ("PS126", "yaml-too-many-values"),
    ("PS127", "yaml-too-much-text"),
    ("PS128", "yaml-other"),
    // end of PS1xx

    // PS2xx: site.yaml (content/config.rs)
    ("PS201", "site-empty"),
    ("PS202", "site-invalid"),
    ("PS203", "site-base-url-start"),
    ("PS204", "site-base-url-characters"),
    ("PS205", "site-unknown-language"),
    ("PS206", "site-theme-name"),
    ("PS207", "site-periods-not-list"),
    ("PS208", "site-periods-empty"),
    ("PS209", "site-period-id-not-text"),
    ("PS210", "site-period-id"),
    ("PS211", "site-period-twice"),
    ("PS212", "site-period-short-empty"),
    ("PS213", "site-period-months"),
    ("PS214", "site-period-needs-months"),
    // PS215, PS216: merged into PS303 and PS304 before any release.
    ("PS217", "site-metrics-not-list"),
    ("PS218", "site-metrics-empty"),
    ("PS219", "site-metric-twice"),
    ("PS220", "site-metric-id"),
    ("PS221", "site-unknown-kind"),
    ("PS222", "site-unknown-better"),
    ("PS223", "site-unknown-measure"),
    ("PS224", "site-metric-bound"),
    ("PS225", "site-metric-max-below-min"),
    ("PS226", "site-flow-not-level"),
    ("PS227", "site-ratio-and-sum"),
    ("PS228", "site-bool-derived"),
    ("PS229", "site-ratio-kind"),
    ("PS230", "site-sum-kind"),
    ("PS231", "site-derived-required"),
    ("PS232", "site-derived-not-list"),
    ("PS233", "site-derived-input-not-id"),
    ("PS234", "site-derived-input-unknown"),
    ("PS235", "site-derived-input-derived"),
    ("PS236", "site-ratio-of-two"),
    ("PS237", "site-sum-of-empty"),
    ("PS238", "site-sum-mixed-measures"),
    ("PS239", "site-sum-of-flows"),
    ("PS240", "site-sum-flow-of-stocks"),
    ("PS241", "site-map-file-missing"),
    ("PS242", "site-map-file-outside"),
    ("PS243", "site-map-file-not-file"),
    ("PS244", "site-map-unknown-match"),
    ("PS245", "site-map-empty"),
    // end of PS2xx

    // PS3xx: report, profile and page fields (content/documents.rs, content/fields.rs)
    ("PS301", "county-order-not-whole"),
    ("PS302", "period-not-text"),
    ("PS303", "period-unknown"),
    ("PS304", "period-not-yet"),
    ("PS305", "date-not-a-date"),
    ("PS306", "date-no-such-day"),
    ("PS307", "date-no-such-month"),
    ("PS308", "metric-unknown"),
    ("PS309", "metrics-not-mapping"),
    ("PS310", "metric-derived-typed-in"),
    ("PS311", "metric-required-missing"),
    ("PS312", "metric-required-null"),
    ("PS313", "metric-not-bool"),
    ("PS314", "metric-bool-in-words"),
    ("PS315", "metric-bool-quoted"),
    ("PS316", "metric-number-quoted"),
    ("PS317", "metric-number-invisible"),
    ("PS318", "metric-number-fullwidth"),
    ("PS319", "metric-number-unit"),
    ("PS320", "metric-ratio-percent"),
    ("PS321", "metric-number-commas"),
    ("PS322", "metric-number-text"),
    ("PS323", "metric-number-wrong-kind"),
    ("PS324", "metric-not-finite"),
    ("PS325", "metric-count-not-whole"),
    ("PS326", "metric-ratio-range"),
    ("PS327", "metric-money-negative"),
    ("PS328", "metric-below-min"),
    ("PS329", "metric-above-max"),
    ("PS330", "sources-not-mapping"),
    ("PS331", "field-comment-cut"),
    // PS380-PS399: reading fields, shared by site.yaml and front matter (content/fields.rs)
    ("PS380", "fields-not-mapping"),
    ("PS381", "field-unknown"),
    ("PS382", "field-missing"),
    ("PS383", "field-not-text"),
    ("PS384", "field-not-boolean"),
    ("PS385", "field-not-list"),
    ("PS386", "field-list-entry"),
    ("PS387", "field-extra-not-mapping"),
    // end of PS3xx

    // PS4xx: the content as a whole (content/load.rs, files.rs)
    ("PS401", "page-name-reserved"),
    ("PS402", "page-name-invalid"),
    ("PS403", "pages-not-markdown"),
    ("PS404", "county-folder-invalid"),
    ("PS405", "county-folder-not-markdown"),
    ("PS406", "content-unexpected-file"),
    ("PS407", "report-second-for-period"),
    ("PS408", "county-no-profile"),
    ("PS409", "file-name-case-collision"),
    ("PS410", "derived-not-finite"),
    ("PS411", "derived-ratio-above-one"),
    ("PS412", "derived-above-max"),
    ("PS413", "derived-below-min"),
    ("PS414", "derived-out-of-range"),
    ("PS415", "file-is-folder"),
    ("PS416", "file-not-regular"),
    ("PS417", "file-not-found"),
    ("PS418", "file-permission-denied"),
    ("PS419", "file-unreadable"),
    ("PS420", "file-not-utf8"),
    ("PS421", "link-loop-ancestor"),
    ("PS422", "link-target-missing"),
    ("PS423", "folder-permission-denied"),
    ("PS424", "link-loop-self"),
    ("PS425", "path-unreadable"),
    // end of PS4xx

    // PS5xx: Markdown, links, chart blocks (markdown.rs, chart/block.rs, render/)
    ("PS501", "chart-block-not-mapping"),
    ("PS502", "chart-block-not-text"),
    ("PS503", "chart-block-unknown-metric"),
    ("PS504", "chart-block-unknown-type"),
    ("PS505", "chart-block-unknown-county"),
    ("PS506", "chart-block-unknown-period"),
    ("PS507", "chart-block-unknown-field"),
    ("PS508", "chart-block-no-metric"),
    ("PS509", "chart-block-county-needs-county"),
    ("PS510", "link-missing"),
    ("PS511", "link-no-heading"),
    ("PS512", "link-dead-path"),
    // end of PS5xx

    // PS6xx: theme and output (theme.rs, output.rs, build.rs, export/)
    ("PS601", "theme-not-found"),
    ("PS602", "theme-file-unreadable"),
    ("PS603", "theme-file-not-utf8"),
    ("PS604", "theme-template-error"),
    ("PS605", "theme-strings-not-mapping"),
    ("PS606", "theme-string-not-text"),
    ("PS607", "output-static-collision"),
    ("PS608", "output-static-unreadable"),
    ("PS609", "output-cannot-build-into"),
    ("PS610", "output-write-failed"),
    ("PS611", "output-cannot-replace"),
    ("PS612", "output-xlsx-failed"),
    ("PS613", "output-no-such-file"),
    // end of PS6xx

    // PS7xx: data-quality warnings (content/quality.rs)
    ("PS701", "quality-missing-reports"),
    ("PS702", "quality-thin-comparison"),
    ("PS703", "quality-not-reported"),
    ("PS704", "quality-large-change"),
    ("PS705", "quality-empty-body"),
    // end of PS7xx

    // PS8xx: command line and preview (cmd/, serve/)
    ("PS801", "cmd-base-url-invalid"),
    ("PS802", "cmd-output-contains-site"),
    ("PS803", "cmd-output-inside-site"),
    ("PS804", "new-report-unknown-period"),
    ("PS805", "new-report-unknown-county"),
    ("PS806", "new-report-exists"),
    ("PS807", "init-not-empty"),
    ("PS808", "cmd-cannot-read"),
    ("PS809", "cmd-cannot-create-folder"),
    ("PS810", "cmd-cannot-write"),
    // end of PS8xx

    // PS9xx: the map file (map/)
    ("PS901", "map-file-too-large"),
    ("PS902", "map-json-invalid"),
    ("PS903", "map-not-collection"),
    ("PS904", "map-not-feature"),
    ("PS905", "map-feature-invalid"),
    ("PS906", "map-geometry-type"),
    ("PS907", "map-coordinates-bad"),
    ("PS908", "map-position-short"),
    ("PS909", "map-ring-short"),
    ("PS910", "map-longitude-range"),
    ("PS911", "map-latitude-range"),
    ("PS912", "map-property-missing"),
    ("PS913", "map-property-not-text"),
    ("PS914", "map-shape-no-county"),
    ("PS915", "map-county-no-shape"),
    ("PS916", "map-block-without-map"),
    // end of PS9xx
    // PS95x-PS97x: `import`, a filled-in form read back (import/)
    ("PS950", "import-cannot-read"),
    ("PS951", "import-csv-not-utf8"),
    ("PS952", "import-csv-needs-period"),
    ("PS953", "import-no-period"),
    ("PS954", "import-unknown-period"),
    ("PS955", "import-no-id-row"),
    ("PS956", "import-unknown-county"),
    ("PS957", "import-unknown-column"),
    ("PS958", "import-derived-column"),
    ("PS959", "import-duplicate-county"),
    ("PS960", "import-duplicate-column"),
    ("PS961", "import-row-without-county"),
    ("PS962", "import-cell-date"),
    ("PS963", "import-cell-error"),
    ("PS964", "import-block-not-editable"),
    ("PS965", "import-file-taken"),
    ("PS966", "import-write-failed"),
    // end of PS95x-PS97x

    // PS980-PS989: the fill-in form (export/form.rs, cmd/form.rs)
    ("PS980", "form-unknown-period"),
    ("PS981", "form-unknown-county"),
    ("PS982", "form-xlsx-failed"),
    // end of PS98x
];

/// The code of the diagnostic whose headline is catalogue entry `key`.
pub fn code_of(key: &str) -> Option<&'static str> {
    CODES.iter().find(|(_, k)| *k == key).map(|(c, _)| *c)
}

/// The headline key of `code` (any case: `ps101` is `PS101`).
pub fn key_of(code: &str) -> Option<&'static str> {
    let code = code.trim();
    CODES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, k)| *k)
}
