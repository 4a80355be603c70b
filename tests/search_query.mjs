// Runs the theme's search.js in node against a built site, for the test
// suite (tests/testsuite/search.rs).
//
//   node tests/search_query.mjs <public dir> <base path> <query> [count]
//       prints the first page of results of the query (or the first
//       <count>) as a JSON array of {doc, url, title, kind, excerpt, score,
//       phrases, file}, where `file` is the output file the URL names
//       (relative to <public dir>; null when the URL is not under <base
//       path>).
//   node tests/search_query.mjs --loads <public dir> <query> [count [budget]]
//       what the query loads for its first page (or its first <count>
//       results): {total, exact, results, bytes, files: {path: bytes}},
//       paths relative to <public dir>; `results` are those of the first
//       form. <budget> replaces search.js's LOAD_BUDGET.
//   node tests/search_query.mjs --tokens <public dir> <text>
//       prints the tokens of <text> as a JSON array; with <text> `-`, of
//       the standard input (UTF-8).
//   node tests/search_query.mjs --positions <public dir> <text>
//       the same as [token, position] pairs.
//   node tests/search_query.mjs --postings <public dir> <shard file>
//       prints every entry of a shard of the index (a path relative to
//       <public dir>) as search.js reads it: {token: [[doc, in_title,
//       count], ...]}.
//   node tests/search_query.mjs --unpack <public dir> <packed file>
//       prints the JSON a shard or block holds, as search.js reads it.
//   node tests/search_query.mjs --document <public dir> <json>
//       the [token, position] pairs of a document {title, kind, text}.
//   node tests/search_query.mjs --phrases <public dir> <query>
//       the query's phrases.
//   node tests/search_query.mjs --highlights <public dir> <text> <query>
//       prints the [start, end) code point ranges search.js marks.
//
// search.js is read from <public dir>/search.js, the copy the site serves,
// and imported as a data: URL, so node treats it as an ES module whatever
// its version and whatever package.json lies around.

import { readFileSync } from "node:fs";
import { join } from "node:path";

function usage() {
  process.stderr.write(
    "usage: node search_query.mjs <public dir> <base path> <query> [count]\n" +
      "       node search_query.mjs --loads <public dir> <query> [count [budget]]\n" +
      "       node search_query.mjs --tokens|--positions <public dir> <text>\n" +
      "       node search_query.mjs --postings|--unpack <public dir> <file>\n" +
      "       node search_query.mjs --document <public dir> <json>\n" +
      "       node search_query.mjs --phrases <public dir> <query>\n" +
      "       node search_query.mjs --highlights <public dir> <text> <query>\n",
  );
  process.exit(2);
}

async function loadModule(publicDir) {
  const source = readFileSync(join(publicDir, "search.js"), "utf8");
  return import("data:text/javascript;charset=utf-8," + encodeURIComponent(source));
}

/** The output file a site URL is written to, as `Urls::file_for` does. */
function fileFor(url, base) {
  if (!url.startsWith(base)) return null;
  const rel = decodeURIComponent(url.slice(base.length).split("#")[0]);
  return rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel;
}

const args = process.argv.slice(2);
if (args[0] === "--tokens" || args[0] === "--positions") {
  if (args.length !== 3) usage();
  const search = await loadModule(args[1]);
  const text = args[2] === "-" ? readFileSync(0, "utf8") : args[2];
  const out = args[0] === "--tokens" ? search.tokens(text) : search.positioned(text);
  process.stdout.write(JSON.stringify(out) + "\n");
} else if (args[0] === "--postings" || args[0] === "--unpack") {
  if (args.length !== 3) usage();
  const search = await loadModule(args[1]);
  const shard = await search.unpack(readFileSync(join(args[1], args[2]), "utf8"));
  let out = shard;
  if (args[0] === "--postings") {
    out = {};
    for (const [token, text] of Object.entries(shard)) {
      const entry = search.decodeEntry(text);
      out[token] = entry.docs.map((doc, i) => [doc, entry.inTitle[i], entry.tfs[i]]);
    }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
} else if (args[0] === "--document") {
  if (args.length !== 3) usage();
  const search = await loadModule(args[1]);
  process.stdout.write(JSON.stringify(search.documentTokens(JSON.parse(args[2]))) + "\n");
} else if (args[0] === "--phrases") {
  if (args.length !== 3) usage();
  const search = await loadModule(args[1]);
  process.stdout.write(JSON.stringify(search.phrases(args[2])) + "\n");
} else if (args[0] === "--loads") {
  if (args.length < 3 || args.length > 5) usage();
  const [, publicDir, query, count, budget] = args;
  const search = await loadModule(publicDir);
  const files = {};
  const load = (rel) => {
    const text = readFileSync(join(publicDir, rel), "utf8");
    files[rel] = Buffer.byteLength(text);
    return text;
  };
  const options = budget ? { loadBudget: Number(budget) } : {};
  const out = await search.run(query, load, count ? Number(count) : search.PAGE_SIZE, options);
  const bytes = Object.values(files).reduce((a, b) => a + b, 0);
  const { total, exact, results } = out;
  process.stdout.write(JSON.stringify({ total, exact, results, bytes, files }) + "\n");
} else if (args[0] === "--highlights") {
  if (args.length !== 4) usage();
  const search = await loadModule(args[1]);
  process.stdout.write(JSON.stringify(search.highlights(args[2], args[3])) + "\n");
} else {
  if (args.length !== 3 && args.length !== 4) usage();
  const [publicDir, base, query, count] = args;
  const search = await loadModule(publicDir);
  const load = (rel) => readFileSync(join(publicDir, rel), "utf8");
  const results = await search.search(query, load, count ? Number(count) : search.PAGE_SIZE);
  const withFiles = results.map((r) => ({ ...r, file: fileFor(r.url, base) }));
  process.stdout.write(JSON.stringify(withFiles) + "\n");
}
