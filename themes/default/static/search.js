// pilotsite search: queries the static index that `pilotsite build` writes
// under search/ (see src/search.rs for the file formats and the decision).
//
// An ES module that also loads in node (the test suite runs it there):
// `tokens` and `fnv1a` must stay identical to src/search.rs, which a test
// checks. In a browser with the search page's elements, it wires up the page.

/** Must equal TOKENIZER_VERSION in src/search.rs and "tokenizer" in meta.json. */
export const TOKENIZER_VERSION = 2;

/** At most this many results are returned. */
export const MAX_RESULTS = 50;

/** Extra weight of a token found in the title, in units of tf weight. */
const TITLE_BOOST = 3;

const SEPARATOR = 0;
const WORD = 1;
const CJK = 2;

/** How far the first token of a run is from the last one before it. */
const GAP_TOUCHING = 2;
const GAP_SEPARATED = 3;

/** Full-width ASCII to half-width, then ASCII lower-case (code points). */
function normalise(cp) {
  if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
  if (cp >= 0x41 && cp <= 0x5a) cp += 0x20;
  return cp;
}

/** Han, kana and hangul: the same ranges as `is_cjk` in src/search.rs. */
function isCjk(cp) {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    cp === 0x3005 ||
    cp === 0x3007 ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x309d && cp <= 0x309f) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0x30fc && cp <= 0x30ff) ||
    (cp >= 0x3130 && cp <= 0x318f) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff66 && cp <= 0xff9f) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

/** The class of a normalised code point. */
function classOf(cp) {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a)) return WORD;
  if (isCjk(cp)) return CJK;
  return SEPARATOR;
}

/** Pushes the tokens of a finished run with their positions; returns the last position. */
function flush(out, kind, run, last, gap) {
  let at = last === null ? 0 : last + gap;
  const emit = (token) => {
    out.push([token, at]);
    last = at++;
  };
  if (kind === WORD) {
    emit(run.map((cp) => String.fromCodePoint(cp)).join(""));
  } else if (kind === CJK) {
    if (run.length === 1) {
      emit(String.fromCodePoint(run[0]));
    } else {
      for (let i = 0; i + 1 < run.length; i++) emit(String.fromCodePoint(run[i], run[i + 1]));
    }
  }
  return last;
}

/**
 * The tokens of a text with their positions, as [token, position] pairs in
 * order, with repeats: CJK runs as overlapping bigrams (a one-character run
 * as itself), ASCII letter/digit runs as lower-case words; everything else
 * separates. Tokens of one run are one position apart, runs that touch two,
 * runs with separators between them three. Same as `positioned_tokens` in
 * Rust.
 */
export function positioned(text) {
  const out = [];
  let run = [];
  let kind = SEPARATOR;
  let last = null;
  let separated = true;
  for (const ch of String(text)) {
    const cp = normalise(ch.codePointAt(0));
    const k = classOf(cp);
    if (k !== kind) {
      if (kind !== SEPARATOR) {
        last = flush(out, kind, run, last, separated ? GAP_SEPARATED : GAP_TOUCHING);
        separated = k === SEPARATOR;
      }
      run = [];
      kind = k;
    }
    if (k !== SEPARATOR) run.push(cp);
  }
  flush(out, kind, run, last, separated ? GAP_SEPARATED : GAP_TOUCHING);
  return out;
}

/** The tokens of a text, in order, with repeats. Same as `tokens` in Rust. */
export function tokens(text) {
  return positioned(text).map(([token]) => token);
}

/**
 * The phrases of a query: its tokens with nothing separating them, as
 * lists of [token, offset from the phrase's first token]. Only phrases of
 * two tokens or more, the ones a document can hold broken.
 */
export function phrases(query) {
  const out = [];
  let current = [];
  let start = 0;
  let previous = null;
  for (const [token, at] of positioned(query)) {
    if (previous === null || at - previous > GAP_TOUCHING) {
      if (current.length > 1) out.push(current);
      current = [];
      start = at;
    }
    current.push([token, at - start]);
    previous = at;
  }
  if (current.length > 1) out.push(current);
  return out;
}

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of a string, as an unsigned number. */
export function fnv1a(str) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(str)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The shard file number of a token. */
export function shardOf(token, shards) {
  return fnv1a(token) % Math.max(1, shards);
}

/** The digits of a postings string (`DIGITS` in src/search.rs): the first half end a number. */
const DIGITS = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const BASE = 46;
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;

/**
 * Reads a token's postings string (see src/search.rs): one
 * {doc, tf, inTitle, positions} per document that has the token, in
 * document order, positions increasing.
 */
export function decodePostings(text) {
  const s = String(text);
  let i = 0;
  const number = () => {
    let value = 0;
    let scale = 1;
    while (i < s.length) {
      const code = s.charCodeAt(i++);
      const digit = code < 128 ? DIGIT_VALUE[code] : -1;
      if (digit < 0) break;
      if (digit < BASE) return value + digit * scale;
      value += (digit - BASE) * scale;
      scale *= BASE;
    }
    throw new Error("search index: a postings string is damaged");
  };
  const out = [];
  let nextDoc = 0;
  while (i < s.length) {
    const doc = nextDoc + number();
    nextDoc = doc + 1;
    const countTitle = number();
    const tf = Math.floor(countTitle / 2);
    const positions = new Array(tf);
    let next = 0;
    for (let k = 0; k < tf; k++) {
      positions[k] = next + number();
      next = positions[k] + 1;
    }
    out.push({ doc, tf, inTitle: countTitle % 2 === 1, positions });
  }
  return out;
}

/** Whether a sorted array of numbers holds `x`. */
function has(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x;
}

/**
 * Whether a document holds a phrase unbroken: its tokens at the phrase's
 * offsets from one place. `positionsOf(token)` gives the document's sorted
 * positions of a token.
 */
function holds(phrase, positionsOf) {
  const [first, firstOffset] = phrase[0];
  for (const at of positionsOf(first)) {
    const start = at - firstOffset;
    if (phrase.every(([token, offset]) => has(positionsOf(token), start + offset))) return true;
  }
  return false;
}

/**
 * Runs a query. `load(relativePath)` returns (a promise of) the parsed JSON
 * of a file under the site root, e.g. "search/meta.json". Only the shards of
 * the query's tokens are loaded. A document matches when it has every token
 * of the query. Matches are ranked by how many of the query's phrases
 * (`phrases`) they hold unbroken, then by score: the sum over tokens of
 * idf * (1 + ln tf + TITLE_BOOST if the token is in the title).
 *
 * Returns {terms, phrases, total, results}: the distinct query tokens, the
 * query's phrases, how many documents match, and the best MAX_RESULTS of
 * them as {url, title, kind, excerpt, score, phrases}, best first (ties in
 * site order); a result's `phrases` counts the phrases it holds unbroken.
 */
export async function run(query, load) {
  const terms = [...new Set(tokens(query))];
  const wanted = phrases(query);
  if (terms.length === 0) return { terms, phrases: wanted, total: 0, results: [] };
  const meta = await load("search/meta.json");
  if (!meta || meta.tokenizer !== TOKENIZER_VERSION) {
    throw new Error(
      `search index version ${meta && meta.tokenizer} does not match search.js (${TOKENIZER_VERSION})`,
    );
  }
  const shardIds = [...new Set(terms.map((t) => shardOf(t, meta.shards)))];
  const [docs, ...shards] = await Promise.all([
    load("search/docs.json"),
    ...shardIds.map((s) => load(`search/index/${s}.json`)),
  ]);
  const shardById = new Map(shardIds.map((s, i) => [s, shards[i]]));
  const postingsOf = (term) => {
    const shard = shardById.get(shardOf(term, meta.shards));
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? decodePostings(shard[term]) : [];
  };
  // Rarest token first: the candidate set only shrinks.
  const lists = terms.map((term) => ({ term, postings: postingsOf(term) }));
  lists.sort((a, b) => a.postings.length - b.postings.length);
  const n = docs.length;
  const inPhrase = new Set(wanted.flat().map(([token]) => token));
  // doc -> {score, positions: Map(term -> positions)}
  let matches = null;
  for (const { term, postings } of lists) {
    if (postings.length === 0) return { terms, phrases: wanted, total: 0, results: [] };
    const idf = Math.log(1 + n / postings.length);
    const next = new Map();
    for (const { doc, tf, inTitle, positions } of postings) {
      const before = matches === null ? { score: 0, positions: new Map() } : matches.get(doc);
      if (before === undefined) continue;
      before.score += idf * (1 + Math.log(tf) + (inTitle ? TITLE_BOOST : 0));
      if (inPhrase.has(term)) before.positions.set(term, positions);
      next.set(doc, before);
    }
    matches = next;
    if (matches.size === 0) break;
  }
  const ranked = [];
  for (const [doc, m] of matches) {
    if (doc < 0 || doc >= n) continue;
    const positionsOf = (token) => m.positions.get(token) || [];
    const held = wanted.filter((phrase) => holds(phrase, positionsOf)).length;
    ranked.push({ doc, score: m.score, phrases: held });
  }
  ranked.sort((a, b) => b.phrases - a.phrases || b.score - a.score || a.doc - b.doc);
  const results = ranked.slice(0, MAX_RESULTS).map(({ doc, score, phrases: held }) => {
    const d = docs[doc];
    return { url: d.url, title: d.title, kind: d.kind, excerpt: d.excerpt, score, phrases: held };
  });
  return { terms, phrases: wanted, total: ranked.length, results };
}

/** The best MAX_RESULTS matches of a query, as {url, title, kind, excerpt, score, phrases}. */
export async function search(query, load) {
  return (await run(query, load)).results;
}

/**
 * What of `text` to highlight for a query: [start, end) ranges of code
 * points, in order, not overlapping. Each unbroken stretch of the query
 * (what lies between its spaces and punctuation, normalised as tokens are)
 * is marked where it occurs whole, as one range: a phrase, never its
 * bigrams one by one. A stretch that starts or ends with a letter or digit
 * only matches there at a word boundary, so "a" does not light up every
 * "a" inside a word.
 */
export function highlights(text, query) {
  const norm = Array.from(String(text), (c) => normalise(c.codePointAt(0)));
  const stretches = [];
  let current = [];
  for (const ch of String(query)) {
    const cp = normalise(ch.codePointAt(0));
    if (classOf(cp) === SEPARATOR) {
      if (current.length) stretches.push(current);
      current = [];
    } else current.push(cp);
  }
  if (current.length) stretches.push(current);
  const ranges = [];
  for (const t of stretches) {
    const wordStart = classOf(t[0]) === WORD;
    const wordEnd = classOf(t[t.length - 1]) === WORD;
    for (let i = 0; i + t.length <= norm.length; i++) {
      let same = true;
      for (let k = 0; k < t.length && same; k++) same = norm[i + k] === t[k];
      if (!same) continue;
      if (wordStart && i > 0 && classOf(norm[i - 1]) === WORD) continue;
      if (wordEnd && i + t.length < norm.length && classOf(norm[i + t.length]) === WORD) continue;
      ranges.push([i, i + t.length]);
      i += t.length - 1;
    }
  }
  // Overlapping ranges (of different stretches) become one.
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

// ---------------------------------------------------------------------------
// The search page (browser only).

/** Appends `text` to `parent` with the query's phrases in <mark>, as DOM nodes. */
function appendHighlighted(parent, text, query) {
  const chars = Array.from(String(text));
  let i = 0;
  for (const [start, end] of highlights(text, query)) {
    if (start > i) parent.appendChild(document.createTextNode(chars.slice(i, start).join("")));
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    parent.appendChild(mark);
    i = end;
  }
  if (i < chars.length) parent.appendChild(document.createTextNode(chars.slice(i).join("")));
}

/** Only site-relative or http(s) URLs become links. */
function safeUrl(url) {
  const u = String(url);
  return /^(\/(?!\/)|https?:\/\/)/i.test(u) ? u : "#";
}

function fill(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (whole, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
  );
}

function initPage() {
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  if (!results || !status || !form || !input) return;
  const data = results.dataset;
  let base = data.base || new URL(".", import.meta.url).pathname;
  if (!base.endsWith("/")) base += "/";
  const pageTitle = document.title;

  const cache = new Map();
  const load = (rel) => {
    if (!cache.has(rel)) {
      const p = fetch(base + rel, { cache: "no-cache" }).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${base}${rel}`);
        return r.json();
      });
      // A failure is not kept, so the next search tries again.
      p.catch(() => cache.delete(rel));
      cache.set(rel, p);
    }
    return cache.get(rel);
  };

  let latest = 0;
  async function show(query) {
    const id = ++latest;
    input.value = query;
    results.replaceChildren();
    if (query.trim() === "") {
      status.textContent = "";
      document.title = pageTitle;
      return;
    }
    document.title = `${query} · ${pageTitle}`;
    results.setAttribute("aria-busy", "true");
    let outcome;
    try {
      outcome = await run(query, load);
    } catch (e) {
      if (id !== latest) return;
      results.removeAttribute("aria-busy");
      status.textContent = data.error || String(e);
      console.error(e);
      return;
    }
    if (id !== latest) return;
    results.removeAttribute("aria-busy");
    if (outcome.results.length === 0) {
      status.textContent = fill(data.noResults, { query: query.trim() });
      return;
    }
    status.textContent = fill(data.resultsCount, { count: outcome.total });
    const list = document.createElement("ol");
    list.className = "search-result-list";
    for (const r of outcome.results) {
      const item = document.createElement("li");
      item.className = "search-result";
      const link = document.createElement("a");
      link.className = "search-result-title";
      link.href = safeUrl(r.url);
      appendHighlighted(link, r.title, query);
      item.appendChild(link);
      if (r.kind) {
        const kind = document.createElement("p");
        kind.className = "search-result-kind";
        kind.textContent = r.kind;
        item.appendChild(kind);
      }
      if (r.excerpt) {
        const excerpt = document.createElement("p");
        excerpt.className = "search-result-excerpt";
        appendHighlighted(excerpt, r.excerpt, query);
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    }
    results.appendChild(list);
  }

  const queryInLocation = () => new URLSearchParams(window.location.search).get("q") || "";

  // The form is a plain GET form (?q=...), so it works without this; here a
  // search skips the page load but still gets its own linkable URL.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value;
    const url = new URL(window.location.href);
    if (query.trim() === "") url.searchParams.delete("q");
    else url.searchParams.set("q", query);
    window.history.pushState(null, "", url);
    show(query);
  });
  window.addEventListener("popstate", () => show(queryInLocation()));
  show(queryInLocation());
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
}
