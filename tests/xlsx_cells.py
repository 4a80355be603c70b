"""Prints an .xlsx file as openpyxl reads it, as JSON, for tests/testsuite/data.rs.

Usage: python3 tests/xlsx_cells.py FILE.xlsx

{"created": "...", "modified": "...", "zip_times": [[1980, 1, 1, 0, 0, 0], ...],
 "sheets": [{"name": ..., "freeze": "C3" or null,
             "rows": [[cell, ...], ...]}]}

A cell is null when empty, else {"t": "int"|"float"|"bool"|"str"|"formula", "v": text,
"f": number format}; a float's text is repr(), which reads back to the same
double, so the Rust side can compare exactly.
"""

import json
import sys
import zipfile

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return None
    t = "formula" if c.data_type == "f" else type(v).__name__
    if t == "bool":
        text = "true" if v else "false"
    elif t == "float":
        text = repr(v)
    else:
        text = str(v)
    return {"t": t, "v": text, "f": c.number_format}


def main(path):
    with zipfile.ZipFile(path) as z:
        zip_times = [list(i.date_time) for i in z.infolist()]
    book = openpyxl.load_workbook(path)
    props = book.properties
    sheets = []
    for ws in book.worksheets:
        rows = [[cell(c) for c in row] for row in ws.iter_rows()]
        sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows})
    out = {
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
        "zip_times": zip_times,
        "sheets": sheets,
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
