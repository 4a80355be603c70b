// Bytes one search fetches on a built pilotsite site, measured in headless
// Chromium: for each query, a fresh browser context (empty cache) opens
// SEARCH_PAGE?q=QUERY, waits until the results are shown and the network has
// been quiet for half a second, and sums the bodies of every response except
// the page's own HTML, style sheets, images and fonts (so the scripts and
// whatever they fetch: index, shards, document data). It counts what goes
// over the network, whatever the files are called, so it measures any
// design of the search.
//
//   node bench/search-bytes.mjs OUT_DIR [--base /PATH/] [--page search/] [QUERY...]
//
// OUT_DIR is a build's output folder, served here over HTTP under the base
// path (default `/`, as the generated corpora's base_url). Without queries
// the fixed list below is used. Prints one line per query on stderr and a
// JSON summary on stdout: every query's bytes (raw, and gzip-compressed as
// a server that compresses would send them), requests and number of
// results shown, and the largest.
//
// Needs playwright-core (`npm ci --prefix tests/js`) and Chromium at
// /usr/bin/chromium or $CHROMIUM.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "js", "package.json"));
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch {
  console.error("error: playwright-core is not installed: run `npm ci --prefix tests/js`");
  process.exit(2);
}

// Common words of the generated corpora, from one character pair to a long
// phrase, a period label, and a rare word (a village named in one or two
// reports).
const QUERIES = [
  "科协",
  "村级科协",
  "乡镇科协",
  "基层科协组织建设",
  "老年人智能技术培训",
  "2019年上半年",
  "洪滨村",
];

// What the budget leaves out: the page itself, its style, its pictures and
// fonts, known by what the browser asked for or, as for the favicon, which
// Chromium asks for as "other", by the type of what came back.
const NOT_COUNTED = new Set(["document", "stylesheet", "image", "font"]);
const NOT_COUNTED_TYPES = /^(image\/|font\/|text\/css)/;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error("usage: node bench/search-bytes.mjs OUT_DIR [--base /PATH/] [--page search/] [QUERY...]");
  process.exit(2);
}

function parseArgs(argv) {
  const args = { base: "/", page: "search/", queries: [] };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") usage();
    else if (a === "--base" || a === "--page") {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else rest.push(a);
  }
  if (rest.length === 0) usage("no OUT_DIR");
  args.out = path.resolve(rest[0]);
  args.queries = rest.length > 1 ? rest.slice(1) : QUERIES;
  if (!args.base.startsWith("/")) args.base = `/${args.base}`;
  if (!args.base.endsWith("/")) args.base += "/";
  if (!fs.existsSync(path.join(args.out, args.page, "index.html"))) {
    usage(`${path.join(args.out, args.page)} has no index.html: not a pilotsite output?`);
  }
  return args;
}

/** Serves `root` under `base`; folders answer with their index.html. */
function serve(root, base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) return res.writeHead(404).end();
    let file = path.join(root, rel.slice(base.length));
    if (!file.startsWith(root)) return res.writeHead(404).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function measure(browser, origin, args, query) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const pending = [];
  const responses = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    const contentType = response.headers()["content-type"] || "";
    const counted = !NOT_COUNTED.has(type) && !NOT_COUNTED_TYPES.test(contentType);
    pending.push(
      response.body().then(
        (body) => responses.push({ url: response.url(), type, counted, bytes: body.length, body }),
        () => responses.push({ url: response.url(), type, counted, bytes: 0, body: Buffer.alloc(0) }),
      ),
    );
  });
  const url = `${origin}${args.base}${args.page}?q=${encodeURIComponent(query)}`;
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  // pilotsite's search page says how many results (or none) it found and
  // drops aria-busy when done; a page without those elements is waited for
  // by its network alone.
  await page
    .waitForFunction(
      () => {
        const status = document.getElementById("search-status");
        const results = document.getElementById("search-results");
        if (!status || !results) return true;
        return status.textContent.trim() !== "" && !results.hasAttribute("aria-busy");
      },
      null,
      { timeout: 120_000 },
    )
    .catch(() => {
      throw new Error(`no search results shown for "${query}" within 120 s`);
    });
  await page.waitForLoadState("networkidle", { timeout: 120_000 });
  const shown = await page.evaluate(() => document.querySelectorAll("#search-results li").length);
  await Promise.all(pending);
  await context.close();
  const counted = responses.filter((r) => r.counted);
  const bytes = counted.reduce((s, r) => s + r.bytes, 0);
  const gzip = counted.reduce((s, r) => s + zlib.gzipSync(r.body, { level: 6 }).length, 0);
  const files = counted
    .map((r) => ({ path: new URL(r.url).pathname, type: r.type, bytes: r.bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return { query, bytes, gzip, requests: counted.length, shown, files };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const server = await serve(args.out, args.base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    timeout: 60_000,
  });
  const results = [];
  try {
    for (const query of args.queries) {
      const r = await measure(browser, origin, args, query);
      console.error(
        `${r.query}\t${r.bytes} bytes (${r.gzip} gzip) in ${r.requests} requests, ${r.shown} results shown; largest: ${r.files
          .slice(0, 3)
          .map((f) => `${f.path} ${f.bytes}`)
          .join(", ")}`,
      );
      results.push(r);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(
    JSON.stringify({
      out: args.out,
      queries: results,
      largest: { query: largest.query, bytes: largest.bytes, gzip: largest.gzip },
    }),
  );
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
