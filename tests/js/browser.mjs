// End-to-end checks of a built pilotsite site in headless Chromium, driven by
// playwright-core. Run by tests/testsuite/browser.rs; each mode prints one
// JSON summary on stdout and lists every failure on stderr (exit 1).
//
//   node browser.mjs pages  PUBLIC BASE_PATH   every page type: loads, no console
//                                              errors, charts visible, data
//                                              tables, axe (light, dark, 375 px),
//                                              keyboard, no horizontal scroll,
//                                              charts and tables within a
//                                              390 px phone, navigation,
//                                              search (phrases ranked above
//                                              their characters apart)
//   node browser.mjs lists  PUBLIC BASE_PATH TYPE=PATH...
//                                              the same checks of each page
//                                              on its own, for pages the
//                                              example does not have (the
//                                              pages of a long list)
//   node browser.mjs print  PUBLIC BASE_PATH PAGE OUT.pdf
//                                              a page printed to A4: nothing
//                                              outside the margins
//   node browser.mjs serve  PILOTSITE SITE REPORT
//                                              `pilotsite serve`: an edit reloads
//                                              the open page, an error shows the
//                                              overlay, the fix removes it
//   node browser.mjs maps   PUBLIC BASE_PATH   every map drawing: axe on it in a
//                                              page of the site (light and dark),
//                                              no two labels overlapping and none
//                                              outside it (boxes measured here)
//   node browser.mjs shots  PUBLIC BASE_PATH OUT_DIR
//                                              screenshots to look at (no checks)
//   node browser.mjs search-bytes PUBLIC BASE_PATH QUERY...
//                                              each query searched on a fresh
//                                              page: the bytes of every response
//                                              but the page, style and images
//
// Chromium comes from Debian (/usr/bin/chromium), or $CHROMIUM.

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// One page of each type of the example site, by path under the base path.
const PAGES = [
  { type: "home", path: "" },
  { type: "counties", path: "counties/" },
  { type: "county", path: "counties/dongtai/" },
  { type: "report", path: "counties/dongtai/2020-h2/" },
  { type: "periods", path: "periods/" },
  { type: "period", path: "periods/2020-h2/" },
  { type: "tags", path: "tags/" },
  { type: "tag", path: null }, // the first tag linked from tags/
  { type: "page", path: "about/" },
  { type: "compare", path: "compare/" },
  { type: "metrics", path: "metrics/" },
  { type: "metric", path: "metrics/village_sast_coverage/" },
  { type: "search", path: "search/" },
  { type: "404", path: "no-such-page/", status: 404 },
];

const failures = [];
function fail(where, message) {
  failures.push(`${where}: ${message}`);
}

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    timeout: 60_000,
  });
}

// ---------------------------------------------------------------- static server

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/// Serves `root` under `base` the way GitHub Pages does: folders answer with
/// their index.html, a folder without its slash is redirected, anything else
/// missing gets 404.html with status 404.
function staticServer(root, base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    rel = rel.slice(base.length);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        res.writeHead(301, { location: url.pathname + "/" }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(status, { "content-type": type });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/// Serves `publicDir` under `base`, starts Chromium, runs `work(browser,
/// origin)` and stops both whatever happens.
async function withSite(publicDir, base, work) {
  const server = await staticServer(path.resolve(publicDir), base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  try {
    return await work(browser, origin);
  } finally {
    await browser.close();
    server.close();
  }
}

// ---------------------------------------------------------------- page checks

/// Opens `url` in a fresh page that records console errors, script errors
/// and failed requests.
async function open(context, url, where, expected = 200) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    // The browser logs the 404 of the page itself; other 404s are caught below.
    if (expected === 404 && /status of 404/.test(m.text()) && m.location().url === url) return;
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // Cancelled by leaving the page (clicking on, or serve's reload cutting
    // its event stream); whether images were drawn is checked on its own.
    if (r.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== url) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, response, problems, where };
}

function report(opened) {
  for (const p of opened.problems) fail(opened.where, p);
}

/// Runs axe on the page; returns its violations.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: AXE });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ") + " " + (n.failureSummary || "").split("\n").slice(1, 2).join("")),
    }));
  });
}

/// Brings every chart image into view (they load lazily) and returns the
/// ones that are not drawn at a non-zero size.
async function brokenCharts(page) {
  // Scroll down a screen at a time, as a reader would, so lazy images load.
  // Driven from here, not by timers in the page: those do not run when the
  // page has JavaScript turned off.
  const { height, step } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, step: Math.max(200, window.innerHeight) }));
  for (let y = 0; y < height; y += step) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.waitForTimeout(15);
  }
  const pending = () => page.evaluate(() => [...document.querySelectorAll("figure.chart img")].filter((i) => !i.complete).length);
  for (let i = 0; i < 100 && (await pending()) > 0; i++) await page.waitForTimeout(50);
  // Any still waiting: brought into view one by one.
  const images = page.locator("figure.chart img");
  for (const i of await page.evaluate(() => [...document.querySelectorAll("figure.chart img")].flatMap((img, i) => (img.complete ? [] : [i])))) {
    await images.nth(i).scrollIntoViewIfNeeded();
    await images.nth(i).evaluate((el) => el.complete || new Promise((r) => (el.onload = el.onerror = r)));
  }
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const images = [...document.querySelectorAll("figure.chart img")];
    const broken = [];
    for (const el of images) {
      const box = el.getBoundingClientRect();
      const state = { src: el.getAttribute("src"), natural: el.naturalWidth, w: box.width, h: box.height, vis: getComputedStyle(el).visibility };
      if (!(el.complete && state.natural > 0 && state.w > 0 && state.h > 0 && state.vis === "visible")) broken.push(state);
    }
    // Charts drawn in the page (a county's): shown, and not empty.
    const drawn = [...document.querySelectorAll("figure.chart .chart-drawing svg")];
    for (const el of drawn) {
      const box = el.getBoundingClientRect();
      const state = { src: "drawn in the page", marks: el.querySelectorAll("path").length, w: box.width, h: box.height, vis: getComputedStyle(el).visibility };
      if (!(state.marks > 0 && state.w > 0 && state.h > 0 && state.vis === "visible")) broken.push(state);
    }
    return { count: images.length + drawn.length, broken };
  });
}

/// Presses Tab until focus comes back round; returns the focusable elements
/// never reached and those reached without a visible focus indicator.
async function keyboard(page) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const focusable = await page.evaluate(() => {
    const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const all = [...document.querySelectorAll(sel)].filter((el) => {
      if (el.disabled) return false;
      if (el.closest("details:not([open])") && el.tagName !== "SUMMARY") return false;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== "hidden" && s.display !== "none" && (r.width > 0 || r.height > 0);
    });
    all.forEach((el, i) => el.setAttribute("data-kb", String(i)));
    return all.length;
  });
  const reached = new Set();
  const unmarked = [];
  for (let i = 0; i < focusable + 5; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      return { id: el.getAttribute("data-kb"), ring, html: el.outerHTML.slice(0, 80) };
    });
    if (!info) continue;
    if (info.id !== null) reached.add(info.id);
    if (!info.ring) unmarked.push(info.html);
  }
  const missed = await page.evaluate(
    (seen) => [...document.querySelectorAll("[data-kb]")].filter((el) => !seen.includes(el.getAttribute("data-kb"))).map((el) => el.outerHTML.slice(0, 80)),
    [...reached],
  );
  return { focusable, reached: reached.size, missed, unmarked };
}

/// The checks of every page in `list` (PAGES by default); with `whole`,
/// also the checks that need the example site (chart colours, phone charts,
/// navigation, search, no JavaScript).
async function pages(publicDir, base, list = PAGES, whole = true) {
  return withSite(publicDir, base, async (browser, origin) => {
    const summary = { pages: [], axe: {}, charts: 0, tables: 0 };
    // The three ways pages are looked at: desktop light, desktop dark, phone.
    const contexts = async () => ({
      desktop: await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" }),
      dark: await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" }),
      phone: await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }),
    });
    const { desktop } = await contexts();

    // The tag page: the first tag the tags page links to.
    if (list.some((p) => p.path === null)) {
      const tagsPage = await open(desktop, `${origin}${base}tags/`, "tags");
      const firstTag = await tagsPage.page.locator("main a[href*='/tags/']").first().getAttribute("href");
      await tagsPage.page.close();
      for (const p of list) if (p.type === "tag" && p.path === null) p.path = new URL(firstTag, `${origin}${base}tags/`).pathname.slice(base.length);
    }

    const counts = { light: {}, dark: {}, phone: {} };
    const checkPage = async (p, { desktop, dark, phone }) => {
      const url = `${origin}${base}${p.path}`;
      const where = `${p.type} (${base}${p.path})`;
      const want = p.status || 200;

      // Desktop, light.
      const o = await open(desktop, url, where, want);
      if (o.response.status() !== want) fail(where, `HTTP ${o.response.status()}, expected ${want}`);
      const lang = await o.page.evaluate(() => document.documentElement.lang);
      if (!lang) fail(where, "<html> has no lang");
      const h1 = await o.page.locator("h1").count();
      if (h1 !== 1) fail(where, `${h1} <h1> elements, expected 1`);
      const charts = await brokenCharts(o.page);
      for (const b of charts.broken) fail(where, `chart not drawn: ${JSON.stringify(b)}`);
      const figures = await o.page.locator("figure.chart").count();
      const withTable = await o.page.locator("figure.chart:has(table)").count();
      // A county's small charts point to the page's table of its figures
      // ("metrics over time") instead of each repeating its part of it.
      const pointing = await o.page.locator("figure.chart.small:not(:has(table))").count();
      const seriesTable = await o.page.locator("table.series-table").count();
      const covered = withTable + (seriesTable ? pointing : 0);
      if (figures !== covered) fail(where, `${figures - covered} of ${figures} charts have no data table`);
      summary.charts += charts.count;
      summary.tables += await o.page.locator("table").count();
      const kb = await keyboard(o.page);
      for (const m of kb.missed) fail(where, `Tab never reaches ${m}`);
      for (const m of kb.unmarked) fail(where, `no visible focus indicator on ${m}`);
      const v = await axe(o.page);
      tally(counts.light, v, where);
      report(o);
      summary.pages.push({ type: p.type, path: `${base}${p.path}`, status: o.response.status(), charts: charts.count, focusable: kb.focusable });
      await o.page.close();

      // Desktop, dark.
      const d = await open(dark, url, `${where} [dark]`, want);
      await brokenCharts(d.page);
      tally(counts.dark, await axe(d.page), `${where} [dark]`);
      report(d);
      await d.page.close();

      // Phone, 375 px.
      const m = await open(phone, url, `${where} [375 px]`, want);
      await brokenCharts(m.page);
      const overflow = await m.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      if (overflow.scroll > overflow.client) fail(`${where} [375 px]`, `page scrolls sideways: ${overflow.scroll} px wide in ${overflow.client} px`);
      // Wide things must scroll inside their own box, not be cut off.
      const clipped = await m.page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            if (r.right <= document.documentElement.clientWidth + 0.5 || r.width === 0) return false;
            // Inside a box that scrolls sideways: fine.
            for (let a = el.parentElement; a; a = a.parentElement) {
              const s = getComputedStyle(a);
              if ((s.overflowX === "auto" || s.overflowX === "scroll") && a.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5) return false;
            }
            return true;
          })
          .slice(0, 3)
          .map((el) => el.outerHTML.slice(0, 100)),
      );
      for (const c of clipped) fail(`${where} [375 px]`, `sticks out of the screen: ${c}`);
      tally(counts.phone, await axe(m.page), `${where} [375 px]`);
      report(m);
      await m.page.close();
    };
    // Three pages at a time: most of the time is spent waiting on Chromium.
    const queue = [...list];
    // Each with its own contexts: one page at a time per context.
    const worker = async () => {
      const own = await contexts();
      for (let p = queue.shift(); p; p = queue.shift()) await checkPage(p, own);
      for (const c of Object.values(own)) await c.close();
    };
    await Promise.all([worker(), worker(), worker()]);
    const order = (s) => list.findIndex((p) => `${base}${p.path}` === s.path);
    summary.pages.sort((a, b) => order(a) - order(b));
    summary.axe = counts;
    if (!whole) return summary;

    summary.chartColours = await chartColours(browser, origin, base);
    summary.phoneCharts = await phoneCharts(browser, origin, base);
    await navigation(desktop, origin, base);
    summary.search = await search(desktop, origin, base);
    summary.phrases = await phraseSearch(browser, desktop, origin, base);
    summary.noScript = await withoutJavaScript(browser, origin, base);
    return summary;
  });
}

/// Counts axe violations by impact; serious and critical ones fail.
function tally(counts, violations, where) {
  for (const v of violations) {
    counts[v.impact] = (counts[v.impact] || 0) + v.nodes.length;
    if (v.impact === "serious" || v.impact === "critical") fail(where, `axe ${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).join(" | ")}`);
    else process.stderr.write(`note: ${where}: axe ${v.impact} ${v.id}: ${v.nodes.slice(0, 2).join(" | ")}\n`);
  }
}

// WCAG contrast ratio of two "rgb(r, g, b)" colours.
const CONTRAST = `(a, b) => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      v = +v / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}`;

/// Charts on a phone of 390 px (device emulation): on /compare/, a metric
/// page and a county page every chart is its narrow drawing, no wider than
/// the screen and not shrunk (so its text keeps its size).
async function phoneCharts(browser, origin, base) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const result = { pages: 0, charts: 0 };
  for (const p of ["compare/", "metrics/annual_budget/", "counties/binhai/"]) {
    const o = await open(context, `${origin}${base}${p}`, `${p} [390 px]`);
    await brokenCharts(o.page);
    const charts = await o.page.evaluate(() => {
      const screen = document.documentElement.clientWidth;
      // Chart files as images, and a county's charts drawn in its page.
      return [...document.querySelectorAll("figure.chart img, figure.chart .chart-drawing svg")].map((el, i) => {
        const r = el.getBoundingClientRect();
        if (el.tagName === "IMG") {
          return { src: el.currentSrc.split("/").slice(-2).join("/"), left: r.left, right: r.right, width: r.width, natural: el.naturalWidth, screen };
        }
        return { src: `inline chart ${i}`, inline: true, left: r.left, right: r.right, width: r.width, natural: el.width.baseVal.value, screen };
      });
    });
    if (charts.length === 0) fail(o.where, "no charts");
    for (const c of charts) {
      if (!c.inline && !c.src.endsWith(".narrow.svg")) fail(o.where, `not the narrow chart: ${c.src}`);
      if (c.left < -0.5 || c.right > c.screen + 0.5) fail(o.where, `${c.src} is wider than the screen: ${c.left}..${c.right} of ${c.screen} px`);
      if (c.width < c.natural - 0.5) fail(o.where, `${c.src} is shrunk from ${c.natural} to ${c.width} px`);
    }
    result.pages++;
    result.charts += charts.length;
    report(o);
    await o.page.close();
  }
  // The tables that matter on a phone stack: the home page's headline
  // table and a metric's difference-in-differences table show every
  // difference in differences within the screen, without scrolling.
  result.tables = 0;
  for (const [p, selector] of [["", "table.headline-table"], ["metrics/annual_budget/", "table.did-table"]]) {
    const o = await open(context, `${origin}${base}${p}`, `${p || "home"} [390 px]`);
    const cells = await o.page.evaluate((selector) => {
      const screen = document.documentElement.clientWidth;
      const tables = [...document.querySelectorAll(selector)];
      const out = tables.map((t) => ({ kind: "table", right: t.getBoundingClientRect().right, screen }));
      for (const td of document.querySelectorAll(`${selector} td.key`)) {
        const r = td.getBoundingClientRect();
        out.push({ kind: "difference", left: r.left, right: r.right, screen, text: td.textContent.trim() });
      }
      return out;
    }, selector);
    if (!cells.some((c) => c.kind === "difference")) fail(o.where, `no difference in differences in ${selector}`);
    for (const c of cells) {
      if (c.right > c.screen + 0.5 || (c.left ?? 0) < -0.5) fail(o.where, `${c.kind} ${c.text ?? selector} is outside the screen: right ${c.right} of ${c.screen} px`);
    }
    result.tables++;
    report(o);
    await o.page.close();
  }
  await context.close();
  return result;
}

/// Charts legible in light and dark mode: in each chart kind, every label
/// has 4.5:1 contrast with the page behind the chart and every line and
/// marker drawn at full opacity 3:1 (grid lines excepted; the faint lines of
/// single counties 2:1); and an <img> of a chart really switches to its
/// dark colours (pixels of a screenshot).
async function chartColours(browser, origin, base) {
  const result = {};
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(`${origin}${base}compare/`);
    const bg = await page.evaluate(() => {
      for (let el = document.querySelector("figure.chart img"); el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor;
        if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
      }
      return "rgb(255, 255, 255)";
    });
    // The trend and the overview from /compare/; groups, change, did and
    // ranking from a metric page (its map is checked by the maps mode).
    const kinds = {};
    const collect = async (only) => {
      const svgs = await page.evaluate(() => [...new Set([...document.querySelectorAll("figure.chart img")].map((i) => i.src))]);
      for (const src of svgs) {
        const kind = src.split("/").pop().replace(/-.*|\.svg$/, "");
        if (!kinds[kind] && (!only || only.includes(kind))) kinds[kind] = src;
      }
    };
    await collect();
    await page.goto(`${origin}${base}metrics/village_sast_coverage/`);
    await collect(["groups", "change", "did", "ranking"]);
    await page.goto(`${origin}${base}counties/dongtai/`);
    // A county's charts are drawn in its page: checked there, in the
    // page's colours (its style sheet holds their dark palette).
    kinds.county = page.url();
    let worst = { text: Infinity, line: Infinity, faint: Infinity };
    for (const [kind, src] of Object.entries(kinds)) {
      await page.goto(src);
      const low = await page.evaluate(
        ([bg, contrast, inline]) => {
          const ratio = eval(contrast);
          const out = { text: Infinity, line: Infinity, faint: Infinity, bad: [] };
          const root = inline ? document.querySelector("svg.inline-chart") : document;
          if (!root) return { ...out, bad: ["no chart drawn in the page"] };
          for (const el of root.querySelectorAll("text, polyline, line, circle, rect, path")) {
            const s = getComputedStyle(el);
            if (el.closest("[opacity]") && parseFloat(el.closest("[opacity]").getAttribute("opacity")) < 1) continue;
            if (el.tagName === "text") {
              const r = ratio(s.fill, bg);
              out.text = Math.min(out.text, r);
              if (r < 4.5) out.bad.push(`text "${el.textContent.trim()}" ${s.fill} on ${bg}: ${r.toFixed(2)}`);
            } else {
              // Grid lines (#DDDDDD, the charts' grid colour) are faint on
              // purpose; everything else carries data.
              if (el.getAttribute("stroke") === "#DDDDDD") continue;
              const paint = s.stroke !== "none" ? s.stroke : s.fill;
              if (paint === "none" || !paint.startsWith("rgb")) continue;
              const r = ratio(paint, bg);
              // Single counties' lines are faint on purpose, but visible.
              if (el.classList.contains("faint")) {
                out.faint = Math.min(out.faint, r);
                if (r < 2) out.bad.push(`faint line ${paint} on ${bg}: ${r.toFixed(2)}`);
                continue;
              }
              out.line = Math.min(out.line, r);
              if (r < 3) out.bad.push(`${el.tagName} ${paint} on ${bg}: ${r.toFixed(2)}`);
            }
          }
          return out;
        },
        [bg, CONTRAST, kind === "county"],
      );
      for (const b of low.bad.slice(0, 3)) fail(`chart ${kind} [${scheme}]`, `too little contrast: ${b}`);
      worst = { text: Math.min(worst.text, low.text), line: Math.min(worst.line, low.line), faint: Math.min(worst.faint, low.faint) };
    }
    // What the reader sees: a screenshot of a trend chart's <img>, counted in
    // the pilot colours of both schemes.
    await page.goto(`${origin}${base}compare/`);
    const img = page.locator("figure.chart img[src$='/trend.svg']").first();
    await img.scrollIntoViewIfNeeded();
    const png = (await img.screenshot()).toString("base64");
    const counts = await page.evaluate(async (data) => {
      const im = new Image();
      im.src = `data:image/png;base64,${data}`;
      await im.decode();
      const c = document.createElement("canvas");
      [c.width, c.height] = [im.width, im.height];
      const g = c.getContext("2d");
      g.drawImage(im, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      const near = (i, [r, gg, b]) => Math.abs(px[i] - r) + Math.abs(px[i + 1] - gg) + Math.abs(px[i + 2] - b) < 40;
      let light = 0, dark = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (near(i, [0x00, 0x72, 0xb2])) light++;
        if (near(i, [0x56, 0xb4, 0xe9])) dark++;
      }
      return { light, dark };
    }, png);
    const [mine, other] = scheme === "light" ? [counts.light, counts.dark] : [counts.dark, counts.light];
    if (!(mine > 100 && other * 10 < mine)) fail(`chart [${scheme}]`, `the trend chart is not drawn in its ${scheme} colours: ${JSON.stringify(counts)} pilot-blue pixels (light, dark)`);
    result[scheme] = { background: bg, kinds: Object.keys(kinds), minTextContrast: +worst.text.toFixed(2), minLineContrast: +worst.line.toFixed(2), minFaintContrast: +worst.faint.toFixed(2), pilotPixels: counts };
    await context.close();
  }
  return result;
}

/// Follows every link of the site's header navigation and the breadcrumbs
/// of a report page by clicking them.
async function navigation(context, origin, base) {
  const o = await open(context, `${origin}${base}`, "navigation");
  const links = await o.page.locator("header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  if (links.length < 4) fail("navigation", `header has ${links.length} links`);
  for (let i = 0; i < links.length; i++) {
    await o.page.goto(`${origin}${base}`);
    const [response] = await Promise.all([o.page.waitForNavigation(), o.page.locator("header nav a").nth(i).click()]);
    if (!response || response.status() !== 200) fail("navigation", `header link ${links[i]} gave HTTP ${response?.status()}`);
    if (!o.page.url().startsWith(`${origin}${base}`)) fail("navigation", `header link ${links[i]} left the site: ${o.page.url()}`);
  }
  // Home -> counties -> a county -> a report, by clicking, then back up by the breadcrumb.
  await o.page.goto(`${origin}${base}counties/`);
  await Promise.all([o.page.waitForNavigation(), o.page.locator("main a[href$='/counties/dongtai/']").first().click()]);
  await Promise.all([o.page.waitForNavigation(), o.page.locator("main a[href$='/counties/dongtai/2020-h2/']").first().click()]);
  if (!o.page.url().endsWith(`${base}counties/dongtai/2020-h2/`)) fail("navigation", `clicking through to a report ended at ${o.page.url()}`);
  const crumbs = o.page.locator("nav[aria-label] a[href$='/counties/dongtai/']");
  if ((await crumbs.count()) === 0) fail("navigation", "the report page has no breadcrumb link to its county");
  else {
    await Promise.all([o.page.waitForNavigation(), crumbs.first().click()]);
    if (!o.page.url().endsWith(`${base}counties/dongtai/`)) fail("navigation", `the breadcrumb led to ${o.page.url()}`);
  }
  report(o);
  await o.page.close();
}

/// Searches for 试点, shows the next page of results ("more results") and
/// opens the first three results.
async function search(context, origin, base) {
  const o = await open(context, `${origin}${base}search/`, "search");
  const input = o.page.locator("main input[type='search']");
  await input.fill("试点");
  await input.press("Enter");
  const results = o.page.locator("main ol a, main ul a").filter({ hasNot: o.page.locator("nav a") });
  try {
    await results.first().waitFor({ timeout: 10_000 });
  } catch {
    fail("search", "no results for 试点");
    report(o);
    return { query: "试点", results: 0 };
  }
  // A page at a time: "more results" adds the next, different ones.
  const first = await results.count();
  const more = o.page.locator("#search-more");
  let count = first;
  if (await more.isVisible()) {
    await more.click();
    await o.page.waitForFunction((n) => document.querySelectorAll("#search-results .search-result").length > n, first, { timeout: 10_000 });
    count = await results.count();
    const all = await results.evaluateAll((as) => as.map((a) => a.href));
    if (new Set(all).size !== all.length) fail("search", "\"more results\" repeats results");
  } else fail("search", `no "more results" after ${first} results for 试点`);
  const hrefs = await results.evaluateAll((as) => as.slice(0, 3).map((a) => a.href));
  for (let i = 0; i < hrefs.length; i++) {
    const [response] = await Promise.all([o.page.waitForNavigation(), o.page.locator("main ol a, main ul a").nth(i).click()]);
    if (!response || response.status() !== 200) fail("search", `result ${hrefs[i]} gave HTTP ${response?.status()}`);
    const text = await o.page.locator("main").innerText();
    if (!text.includes("试点")) fail("search", `result ${hrefs[i]} does not mention 试点`);
    await o.page.goBack();
    await o.page.locator("main ol a, main ul a").first().waitFor({ timeout: 10_000 });
  }
  // The query is kept in the address, so a search can be linked to.
  if (!decodeURIComponent(o.page.url()).includes("试点")) fail("search", `the query is not in the address: ${o.page.url()}`);
  report(o);
  await o.page.close();
  return { query: "试点", results: count, firstPage: first, opened: hrefs.length };
}

// Phrases of the example site searched in `pages` mode. Among the matches
// of 乡镇科协, 镇科协副主席 and 科协组织建设 are pages that only have the
// phrase's characters apart (a ranking by score alone put some of them
// first); every match of the first three holds the phrase.
const PHRASES = ["村级科协", "健康讲堂", "农技协", "乡镇科协", "镇科协副主席", "科协组织建设"];

/// What the search index covers of every searchable page (the pages
/// search/docs/ lists), read from the built pages and not from the
/// index: the title (h1), a report's county and period, a free page's
/// description, the body and the tags, and for a report the summary its
/// county page lists under it; charts left out, as the index leaves them.
/// Each on a line of its own, as innerText gives blocks, so a phrase cannot
/// run from one into the next.
async function searchableTexts(browser, origin, base) {
  const meta = await (await fetch(`${origin}${base}search/meta.json`)).json();
  const docs = [];
  for (let b = 0; b * meta.docs_per_block < meta.docs; b++) {
    // A block is packed: the base64 of its JSON deflated (src/search/pack.rs).
    const packed = await (await fetch(`${origin}${base}search/docs/${b}.json`)).json();
    docs.push(...JSON.parse(zlib.inflateSync(Buffer.from(packed, "base64")).toString("utf8")));
  }
  const context = await browser.newContext();
  // Only the text is read: no charts.
  await context.route(/\.(svg|png|jpe?g)$/, (route) => route.abort());
  const page = await context.newPage();
  const texts = new Map();
  const summaries = new Map();
  for (const { url } of docs) {
    await page.goto(`${origin}${url}`, { waitUntil: "domcontentloaded" });
    const { text, listed } = await page.evaluate(() => {
      const main = document.querySelector("main");
      // Charts in a body are not indexed (their numbers are the site's own).
      for (const chart of main.querySelectorAll("figure.chart")) chart.remove();
      const parts = [...main.querySelectorAll("h1, .report-header .report-meta > a, .lead, .prose, .tag-list")]
        .filter((el) => !el.closest(".report-item"))
        .map((el) => el.innerText);
      const listed = [...main.querySelectorAll(".report-item")].map((item) => [
        item.querySelector("a.report-title")?.getAttribute("href"),
        item.querySelector(".report-summary")?.innerText || "",
      ]);
      return { text: parts.join("\n"), listed };
    });
    texts.set(decodeURIComponent(url), text);
    for (const [href, summary] of listed) if (href) summaries.set(decodeURIComponent(href), summary);
  }
  await context.close();
  for (const [url, summary] of summaries) if (texts.has(url)) texts.set(url, `${texts.get(url)}\n${summary}`);
  return texts;
}

/// Searches each of PHRASES through the search page, every page of results
/// shown: every page holding the phrase unbroken (by searchableTexts, not
/// by search.js) must be listed, above every page without it; and in
/// titles and excerpts each occurrence of the phrase is one <mark>, with
/// nothing else marked.
async function phraseSearch(browser, context, origin, base) {
  const texts = await searchableTexts(browser, origin, base);
  const out = [];
  for (const phrase of PHRASES) {
    const where = `search ${phrase}`;
    const holders = new Set([...texts].filter(([, text]) => text.includes(phrase)).map(([url]) => url));
    if (holders.size === 0) fail(where, "no page of the example site holds it: pick another phrase");
    const o = await open(context, `${origin}${base}search/?q=${encodeURIComponent(phrase)}`, where);
    try {
      await o.page.locator("#search-results .search-result").first().waitFor({ timeout: 10_000 });
    } catch {
      fail(where, "no results");
      report(o);
      await o.page.close();
      continue;
    }
    // Every page of results: "more results" until there are no more.
    const more = o.page.locator("#search-more");
    while (await more.isVisible()) {
      const shown = await o.page.locator("#search-results .search-result").count();
      await more.click();
      await o.page.waitForFunction((n) => document.querySelectorAll("#search-results .search-result").length > n, shown, { timeout: 10_000 });
    }
    const results = await o.page.evaluate(() =>
      [...document.querySelectorAll("#search-results .search-result")].map((item) => {
        const part = (el) => (el ? { text: el.textContent, marks: [...el.querySelectorAll("mark")].map((m) => m.textContent) } : null);
        return {
          url: decodeURIComponent(new URL(item.querySelector("a.search-result-title").href).pathname),
          title: part(item.querySelector("a.search-result-title")),
          excerpt: part(item.querySelector(".search-result-excerpt")),
        };
      }),
    );
    const order = results.map((r) => (holders.has(r.url) ? "P" : "."));
    // Holders first: no holder after a page without the phrase.
    if (order.join("").includes(".P")) fail(where, `a page with the phrase ranks below one without it: ${order.join("")} (P: has it) ${results.map((r) => r.url).join(" ")}`);
    const listed = results.filter((r) => holders.has(r.url)).length;
    if (listed < Math.min(holders.size, results.length)) {
      const missing = [...holders].filter((u) => !results.some((r) => r.url === u));
      fail(where, `pages with the phrase not listed: ${missing.join(" ")}`);
    }
    for (const r of results) if (!texts.has(r.url)) fail(where, `${r.url} is not a searchable page`);
    let marks = 0;
    for (const r of results) {
      for (const p of [r.title, r.excerpt]) {
        if (!p) continue;
        const occurrences = p.text.split(phrase).length - 1;
        const wrong = p.marks.filter((m) => m !== phrase);
        if (wrong.length) fail(where, `${r.url}: marks ${JSON.stringify(wrong)}, not the whole phrase, in "${p.text}"`);
        if (p.marks.length !== occurrences) fail(where, `${r.url}: ${p.marks.length} marks for ${occurrences} occurrences in "${p.text}"`);
        marks += p.marks.length;
      }
    }
    report(o);
    await o.page.close();
    out.push({ phrase, holders: holders.size, results: results.length, apart: results.length - listed, marks, order: order.join("") });
  }
  return out;
}

/// Readers without JavaScript: pages still show their charts and links.
async function withoutJavaScript(browser, origin, base) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const o = await open(context, `${origin}${base}compare/`, "compare [no JavaScript]");
  const charts = await brokenCharts(o.page);
  for (const b of charts.broken) fail(o.where, `chart not drawn: ${JSON.stringify(b)}`);
  if (charts.count === 0) fail(o.where, "no charts");
  report(o);
  await context.close();
  return { page: "compare", charts: charts.count };
}

// ---------------------------------------------------------------- print

async function print(publicDir, base, pagePath, out) {
  return withSite(publicDir, base, async (browser, origin) => {
    const result = {};
    // A4 is 210 mm wide; the side margins are read from the stylesheet's
    // @page rule, and the page is then laid out at the printable width.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const o = await open(context, `${origin}${base}${pagePath}`, `print ${pagePath}`);
    await brokenCharts(o.page);
    await o.page.emulateMedia({ media: "print" });
    const pdf = await o.page.pdf({ path: out, format: "A4", preferCSSPageSize: true, printBackground: true });
    const text = pdf.toString("latin1");
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [+m[3] - +m[1], +m[4] - +m[2]]);
    result.pages = boxes.length;
    for (const [w, h] of boxes) {
      if (Math.abs(w - 595.28) > 1 || Math.abs(h - 841.89) > 1) fail("print", `a page is ${w}x${h} pt, not A4 (595x842)`);
    }
    // Chromium prints at 96 px per inch: A4 less the page margins is the
    // width the content has. Lay out at that width in print media and look
    // for anything wider than it.
    const margins = await o.page.evaluate(() => {
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (rule instanceof CSSPageRule) return [rule.style.getPropertyValue("margin-left"), rule.style.getPropertyValue("margin-right")];
        }
      }
      return [];
    });
    result.margins = margins;
    const mm = margins.map((m) => /^([\d.]+)mm$/.exec(m.trim())).filter(Boolean).map((m) => +m[1]);
    if (mm.length !== 2) fail("print", `the print stylesheet has no @page margins in mm (found ${JSON.stringify(margins)})`);
    const width = Math.floor(((210 - (mm[0] || 0) - (mm[1] || 0)) / 25.4) * 96);
    result.printableWidthPx = width;
    await o.page.setViewportSize({ width, height: 1100 });
    // What is printed: every line of text, chart and table, outside closed
    // <details>, must lie between the margins.
    const outside = await o.page.evaluate(() => {
      const limit = document.documentElement.clientWidth + 0.5;
      const out = [];
      const off = (r) => r.width > 0 && (r.right > limit || r.left < -0.5);
      const where = (r) => `(${Math.round(r.left)}..${Math.round(r.right)} of ${limit - 0.5} px)`;
      for (const el of document.querySelectorAll("body img, body svg, body table, body pre")) {
        const r = el.getBoundingClientRect();
        if (el.checkVisibility() && off(r)) out.push(`${el.outerHTML.slice(0, 90)} ${where(r)}`);
      }
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
        // Text for screen readers only (clipped to a pixel) is not printed.
        const box = node.parentElement.getBoundingClientRect();
        if (box.width <= 1 && box.height <= 1) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (off(r)) {
            out.push(`text "${node.textContent.trim().slice(0, 40)}" ${where(r)}`);
            break;
          }
        }
      }
      return out.slice(0, 5);
    });
    for (const e of outside) fail("print", `outside the A4 margins: ${e}`);
    const hidden = await o.page.evaluate(() => ({
      charts: [...document.querySelectorAll("figure.chart img, figure.chart .chart-drawing svg")].filter((i) => i.checkVisibility() && i.getBoundingClientRect().width > 0).length,
      tables: [...document.querySelectorAll("main table")].filter((t) => t.checkVisibility() && t.getBoundingClientRect().width > 0).length,
      nav: [...document.querySelectorAll("header nav, .skip-link")].filter((n) => n.checkVisibility() && n.getBoundingClientRect().height > 0).length,
    }));
    result.charts = hidden.charts;
    result.tables = hidden.tables;
    if (hidden.charts === 0) fail("print", "no chart is printed");
    if (hidden.tables === 0) fail("print", "no table is printed");
    if (hidden.nav > 0) fail("print", "the site navigation is printed");
    report(o);
    return result;
  });
}

// ---------------------------------------------------------------- serve

function freePort() {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function serve(bin, site, reportRel) {
  const port = await freePort();
  const child = spawn(bin, ["--root", site, "serve", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const origin = `http://127.0.0.1:${port}`;
  const browser = await launch();
  const result = {};
  const file = path.join(site, reportRel);
  const original = fs.readFileSync(file, "utf8");
  try {
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`${origin}/`);
        if (r.ok) break;
      } catch {}
      if (i > 200) throw new Error(`serve did not answer: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pagePath = "/" + reportRel.replace(/^content\//, "").replace(/\.md$/, "/");
    const o = await open(context, `${origin}${pagePath}`, "serve");
    // A mark that a reload wipes: proof the page reloaded by itself.
    await o.page.evaluate(() => (window.__notReloaded = true));

    // 1. An edit shows without touching the browser.
    const marker = "浏览器自动刷新的标记";
    const started = Date.now();
    fs.writeFileSync(file, original.trimEnd() + `\n\n${marker}\n`);
    await o.page.locator(`text=${marker}`).waitFor({ timeout: 15_000 });
    result.editShownMs = Date.now() - started;
    if (await o.page.evaluate(() => window.__notReloaded === true)) fail("serve", "the edit appeared without a reload?");

    // 2. A broken file: the overlay names the file and line.
    await o.page.evaluate(() => (window.__notReloaded = true));
    const broken = original.replace(/^---\n/, "---\nnot_a_field: 1\n");
    if (broken === original) throw new Error(`${reportRel} does not start with front matter`);
    fs.writeFileSync(file, broken);
    const overlay = o.page.locator("#pilotsite-errors");
    await overlay.waitFor({ state: "visible", timeout: 15_000 });
    const overlayText = await overlay.innerText();
    if (!overlayText.includes(`${reportRel}:2:1`)) fail("serve", `the overlay does not name ${reportRel}:2:1:\n${overlayText}`);
    result.overlay = overlayText.split("\n").find((l) => l.startsWith("error:")) || overlayText.slice(0, 120);
    // The last good build is still shown under it, edit included.
    if ((await o.page.locator(`text=${marker}`).count()) === 0) fail("serve", "the last good page is not shown under the overlay");

    // 3. The fix removes the overlay, again by itself.
    fs.writeFileSync(file, original);
    await overlay.waitFor({ state: "detached", timeout: 15_000 });
    await o.page.locator(`text=${marker}`).waitFor({ state: "detached", timeout: 15_000 });
    report(o);
  } finally {
    fs.writeFileSync(file, original);
    await browser.close();
    child.kill("SIGINT");
  }
  return result;
}

// ---------------------------------------------------------------- maps

// The map drawings among the output files: the pilots map, each metric's
// map and each county's locator, wide and narrow.
const MAP_FILE = /^(map\/pilots|metrics\/[^/]+\/map-[^/]+|counties\/[^/]+\/map\.locator)(\.narrow)?\.svg$/;

function mapFiles(publicDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const rel = path.relative(publicDir, full).split(path.sep).join("/");
        if (MAP_FILE.test(rel)) out.push(rel);
      }
    }
  };
  walk(publicDir);
  return out;
}

/// Every map drawing: its labels measured in Chromium (the SVG opened on
/// its own, at its own size) must not overlap one another or leave the
/// drawing; and the drawing inlined in a page with the site's stylesheet
/// passes axe in light and dark mode.
async function maps(publicDir, base) {
  const files = mapFiles(path.resolve(publicDir));
  return withSite(publicDir, base, async (browser, origin) => {
    const result = { maps: 0, labels: 0, named: 0, axe: { light: {}, dark: {} } };
    if (files.length === 0) fail("maps", "no map drawings in the output");
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
      // One page opens the drawings on their own, the other holds them inlined.
      const page = await context.newPage();
      const host = await context.newPage();
      for (const rel of files) {
        const where = `${rel} [${scheme}]`;
        const url = `${origin}${base}${rel}`;
        if (scheme === "light") {
          await page.goto(url);
          const m = await page.evaluate(() => {
            const root = document.documentElement.getBoundingClientRect();
            const labels = [...document.querySelectorAll("text")]
              .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== "none" && getComputedStyle(t).visibility !== "hidden")
              .map((t) => {
                const r = t.getBoundingClientRect();
                return { text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
              });
            const named = [...document.querySelectorAll("path > title")].length;
            return { width: root.width, height: root.height, labels, named };
          });
          result.maps++;
          result.labels += m.labels.length;
          result.named += m.named;
          if (m.named === 0) fail(where, "no county is named (<path><title>)");
          const slack = 0.5;
          for (const [i, a] of m.labels.entries()) {
            if (a.left < -slack || a.top < -slack || a.right > m.width + slack || a.bottom > m.height + slack) {
              fail(where, `label "${a.text}" is outside the drawing: ${[a.left, a.top, a.right, a.bottom].map((v) => v.toFixed(1))} of ${m.width}×${m.height}`);
            }
            for (const b of m.labels.slice(i + 1)) {
              const apart = a.right <= b.left + slack || b.right <= a.left + slack || a.bottom <= b.top + slack || b.bottom <= a.top + slack;
              if (!apart) fail(where, `labels "${a.text}" and "${b.text}" overlap`);
            }
          }
        }
        // The drawing inlined in a page of the site, so axe sees its
        // elements and the page's background behind them.
        const svg = fs.readFileSync(path.join(publicDir, rel), "utf8").replace(/^<\?xml[^>]*>\s*/, "");
        await host.setContent(
          `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${rel}</title><link rel="stylesheet" href="${origin}${base}style.css"></head>` +
            `<body><main class="wrap"><h1>${rel}</h1><figure class="chart">${svg}</figure></main></body></html>`,
          { waitUntil: "load" },
        );
        tally(result.axe[scheme], await axe(host), where);
      }
      await context.close();
    }
    return result;
  });
}

// ---------------------------------------------------------------- search bytes

// What a search's bytes leave out: the page itself, its style, its pictures
// and fonts, by what the browser asked for or by the type of what came back
// (Chromium asks for the favicon as "other").
const NOT_SEARCH = new Set(["document", "stylesheet", "image", "font"]);
const NOT_SEARCH_TYPES = /^(image\/|font\/|text\/css)/;

/// Each query searched on a fresh page with an empty cache: the bytes of
/// every response the page got but the page, style and images (so the
/// script and everything it loads), once the results are shown and the
/// network has been quiet for half a second.
async function searchBytes(publicDir, base, queries) {
  return withSite(publicDir, base, async (browser, origin) => {
    const out = [];
    for (const query of queries) {
      const where = `search bytes ${query}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      const counted = [];
      let last = Date.now();
      page.on("response", async (r) => {
        last = Date.now();
        const type = r.headers()["content-type"] || "";
        if (NOT_SEARCH.has(r.request().resourceType()) || NOT_SEARCH_TYPES.test(type)) return;
        counted.push(r.body().then((b) => ({ url: r.url().slice(origin.length), bytes: b.length })));
      });
      page.on("pageerror", (e) => fail(where, `script error: ${e.message}`));
      await page.goto(`${origin}${base}search/?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
      try {
        await page.locator("#search-results .search-result").first().waitFor({ timeout: 30_000 });
      } catch {
        fail(where, "no results");
      }
      while (Date.now() - last < 500) await page.waitForTimeout(100);
      const responses = await Promise.all(counted);
      const results = await page.locator("#search-results .search-result").count();
      const status = await page.locator("#search-status").textContent();
      out.push({ query, bytes: responses.reduce((a, r) => a + r.bytes, 0), requests: responses.length, results, status, largest: responses.sort((a, b) => b.bytes - a.bytes).slice(0, 3) });
      await context.close();
    }
    return { queries: out };
  });
}

// ---------------------------------------------------------------- screenshots

async function shots(publicDir, base, outDir) {
  return withSite(publicDir, base, async (browser, origin) => {
    fs.mkdirSync(outDir, { recursive: true });
    const phone = { deviceScaleFactor: 2, isMobile: true, hasTouch: true };
    for (const [name, viewport, scheme, device] of [
      ["desktop", { width: 1280, height: 900 }, "light", {}],
      ["dark", { width: 1280, height: 900 }, "dark", {}],
      ["phone", { width: 390, height: 844 }, "light", phone],
      ["phone-dark", { width: 390, height: 844 }, "dark", phone],
      ["phone375", { width: 375, height: 740 }, "light", phone],
    ]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1, ...device });
      for (const p of PAGES.filter((p) => ["home", "metric", "compare", "county", "report"].includes(p.type))) {
        const page = await context.newPage();
        await page.goto(`${origin}${base}${p.path}`);
        await brokenCharts(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(outDir, `${p.type}-${name}.png`), fullPage: true });
        await page.screenshot({ path: path.join(outDir, `${p.type}-${name}-top.png`) });
        // The first map of the page on its own, to look at closely.
        const map = page.locator("figure.chart:has(.map-credit)").first();
        if (await map.count()) await map.screenshot({ path: path.join(outDir, `${p.type}-${name}-map.png`) });
        await page.close();
      }
      await context.close();
    }
    return { dir: outDir };
  });
}

// ---------------------------------------------------------------- main

const [mode, ...args] = process.argv.slice(2);
const base = (b) => (b.endsWith("/") ? b : b + "/");
let summary;
try {
  if (mode === "pages") summary = await pages(args[0], base(args[1]));
  else if (mode === "lists") summary = await pages(args[0], base(args[1]), args.slice(2).map((a) => ({ type: a.split("=")[0], path: a.slice(a.indexOf("=") + 1) })), false);
  else if (mode === "print") summary = await print(args[0], base(args[1]), args[2], args[3]);
  else if (mode === "serve") summary = await serve(args[0], args[1], args[2]);
  else if (mode === "maps") summary = await maps(args[0], base(args[1]));
  else if (mode === "shots") summary = await shots(args[0], base(args[1]), args[2]);
  else if (mode === "search-bytes") summary = await searchBytes(args[0], base(args[1]), args.slice(2));
  else {
    process.stderr.write("usage: node browser.mjs pages|lists|print|serve|maps|shots|search-bytes ...\n");
    process.exit(2);
  }
} catch (e) {
  fail(mode, e.stack || String(e));
}
process.stdout.write(JSON.stringify(summary ?? {}, null, 1) + "\n");
for (const f of failures) process.stderr.write(`FAIL ${f}\n`);
process.exit(failures.length ? 1 : 0);
