# The commands' own words: errors of the command line, what a command did,
# and the stages of `build --verbose` (PS8xx).

cmd-base-url-invalid = --base-url: { $reason }
cmd-output-contains-site = refusing to build into { $path }: it contains the site itself, which the build would replace
cmd-output-inside-site = refusing to build into { $path }: it is inside the site's { $folder }/ folder
cmd-cannot-read = cannot read { $path }: { $reason }
cmd-cannot-create-folder = cannot create the folder { $path }: { $reason }
cmd-cannot-write = cannot write { $path }: { $reason }
init-not-empty = { $path } is not empty; pilotsite init only writes into a new or empty folder
init-done = created a site with the example content in { $path } ({ $files ->
        [one] 1 file
       *[other] { $files } files
    })
init-next = next: cd { $path } && pilotsite build
new-report-unknown-period = unknown period `{ $period }`; the periods in site.yaml are: { $periods }
new-report-unknown-county = unknown county `{ $county }`: { $profile } does not exist; create the county profile first
new-report-exists = { $path } already exists; edit it instead
new-report-done = created { $path }: fill in the figures (null means not reported) and the text
schema-done = wrote { $path }: the JSON Schema of report front matter ({ $metrics ->
        [one] 1 typed metric
       *[other] { $metrics } typed metrics
    })
build-stage = { $ms } ms  { $stage }
build-stage-memory = { $ms } ms  { $stage }  (peak memory { $mb } MB)
stage-load = load and validate content
stage-theme = load theme
stage-prepare = statistics, Markdown bodies, file list
stage-search = search index (beside the pages)
stage-pages = pages, charts, data files and search index
stage-swap = swap in the new output
serve-port-in-use = port { $port } on { $interface } is already in use: stop the other server, or pick another port with --port
serve-not-an-address = `{ $interface }` is not an IP address to listen on, such as 127.0.0.1 or 0.0.0.0
serve-cannot-listen = cannot listen on { $address }: { $detail }
serve-cannot-watch = cannot watch { $path } for changes: { $detail }
serve-cannot-start = cannot start the preview: { $detail }
serve-stopped = the preview stopped: { $detail }
