# Writing the output: the output folder, static files, the data files, and
# why a file could not be read or written (PS6xx).

io-at-path = { $path }: { $reason }
io-not-found = no such file or folder
io-permission-denied = permission denied
io-disk-full = the disk is full (no space left on device)
io-read-only = the disk is read-only
io-not-a-folder = it exists and is not a folder
io-path-through-file = a part of the path is a file, not a folder
io-other = { $detail }
output-cannot-build-into = cannot build into { $path }: { $reason }
output-cannot-replace = cannot replace { $path } with the new build: { $reason }
output-write-failed = cannot write { $path }: { $reason }
output-write-failed-others = { $others ->
        [one] 1 more file
       *[other] { $others } more files
    } could not be written for the same reason
output-static-unreadable = cannot read this file: { $reason }
output-static-collision = this file would be replaced by `{ $file }`, which the site makes itself
output-static-collision-help = rename this file or move it to another folder: `{ $file }` is the place of a file the site makes
output-xlsx-failed = cannot make data/metrics.xlsx: { $detail }
output-no-such-file = the site has no file { $file }
