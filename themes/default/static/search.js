// pilotsite search: queries the static index that `pilotsite build` writes
// under search/ (see src/search/mod.rs for the file formats and the decision).
//
// An ES module that also loads in node (the test suite runs it there):
// `positioned` and `documentTokens` must stay identical to src/search/tokens.rs,
// which a test checks. In a browser with the search page's elements, it wires up the page.

/** Must equal TOKENIZER_VERSION in src/search/mod.rs and "tokenizer" in meta.json. */
export const TOKENIZER_VERSION = 4;

/** Results shown at a time: the first page, and each "more results". */
export const PAGE_SIZE = 20;

/**
 * A query uses its tokens up to the MAX_TERMS-th different one (a phrase
 * of 17 Chinese characters), so what it loads stays bounded.
 */
export const MAX_TERMS = 16;

/**
 * What the first page of a query may load besides this script: the meta
 * file, the shards of its tokens and the blocks of documents it checks and
 * shows. Checking phrases stops where one more block could leave no room
 * to show the page (a block reckoned at the size of the largest); the
 * page itself is always shown. Each "more results" may load as much again.
 */
export const LOAD_BUDGET = 460_000;

/** Matches checked at least at a time. */
const MIN_BATCH = 8;

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

/** Han, kana and hangul: the same ranges as `is_cjk` in src/search/tokens.rs. */
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
  positionedInto(out, text, null);
  return out;
}

/**
 * Appends the tokens of `text` to `out`, as if it followed a separator
 * after the token at `last` (null: none); returns the last position.
 */
function positionedInto(out, text, last) {
  let run = [];
  let kind = SEPARATOR;
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
  return flush(out, kind, run, last, separated ? GAP_SEPARATED : GAP_TOUCHING);
}

/**
 * The tokens of a document with their positions: its title, kind and text
 * as one stream, as the index counts them (src/search/postings.rs).
 */
export function documentTokens(doc) {
  const out = [];
  let last = positionedInto(out, doc.title, null);
  last = positionedInto(out, doc.kind, last);
  positionedInto(out, doc.text, last);
  return out;
}

/** The tokens of a text, in order, with repeats. Same as `tokens` in Rust. */
export function tokens(text) {
  return positioned(text).map(([token]) => token);
}

const encoder = new TextEncoder();

/** The size of a text in UTF-8, as a file. */
function bytesOf(text) {
  return encoder.encode(text).length;
}

/** Compares two strings by code point (the order of their UTF-8 bytes, as Rust's). */
function compareCodePoints(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The shard file number of a token: shard s holds the tokens from
 * firsts[s] (inclusive) to firsts[s + 1], in code point order.
 */
export function shardOf(token, firsts) {
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (compareCodePoints(firsts[mid], token) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The JSON a packed file holds (a shard or a block of documents, see
 * src/search/pack.rs): the file is a JSON string, the base64 of the JSON
 * deflated in zlib's format, which the browser inflates.
 */
export async function unpack(text) {
  const binary = atob(JSON.parse(text));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return JSON.parse(await new Response(stream).text());
}

/** The digits of a postings string (`DIGITS` in src/search/postings.rs): the first half end a number. */
const DIGITS = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const BASE = 46;
/** A count code from this value on continues in a number of its own. */
const CODE_ESCAPE = BASE - 1;
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;

/** Reads the numbers of a postings string one by one. */
class Numbers {
  constructor(text) {
    this.s = String(text);
    this.i = 0;
  }

  get done() {
    return this.i >= this.s.length;
  }

  next() {
    const s = this.s;
    let value = 0;
    let scale = 1;
    while (this.i < s.length) {
      const code = s.charCodeAt(this.i++);
      const digit = code < 128 ? DIGIT_VALUE[code] : -1;
      if (digit < 0) break;
      if (digit < BASE) return value + digit * scale;
      value += (digit - BASE) * scale;
      scale *= BASE;
    }
    throw new Error("search index: a postings string is damaged");
  }
}

/**
 * Reads a token's entry in a shard (see src/search/mod.rs): {docs, tfs,
 * inTitle}, one item of each per document that has the token, in document
 * order.
 */
export function decodeEntry(text) {
  const n = new Numbers(text);
  const docs = [];
  const tfs = [];
  const inTitle = [];
  let nextDoc = 0;
  while (!n.done) {
    const first = n.next();
    let code = first % BASE;
    if (code === CODE_ESCAPE) code += n.next();
    const doc = nextDoc + Math.floor(first / BASE);
    nextDoc = doc + 1;
    docs.push(doc);
    tfs.push(Math.floor(code / 2));
    inTitle.push(code % 2 === 1);
  }
  return { docs, tfs, inTitle };
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

/** A query's tokens with their positions, up to its MAX_TERMS-th different token. */
function queryTokens(query) {
  const seen = new Set();
  const out = [];
  for (const [token, at] of positioned(query)) {
    if (!seen.has(token)) {
      if (seen.size === MAX_TERMS) break;
      seen.add(token);
    }
    out.push([token, at]);
  }
  return out;
}

/**
 * The phrases of a query: its tokens with nothing separating them, as
 * lists of [token, offset from the phrase's first token]. Only phrases of
 * two tokens or more, the ones a document can hold broken; only the tokens
 * a query uses (up to its MAX_TERMS-th different one).
 */
export function phrases(query) {
  return phrasesOf(queryTokens(query));
}

function phrasesOf(stream) {
  const out = [];
  let current = [];
  let start = 0;
  let previous = null;
  for (const [token, at] of stream) {
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

/**
 * One query against the index under a site: its matches are found and
 * scored when it is made (`prepare`); `results(count)` ranks as many as
 * asked for, loading only what that takes.
 *
 * A document matches when it has every token of the query. Matches rank by
 * how many of the query's phrases they hold unbroken, then by score (the
 * sum over tokens of idf * (1 + ln tf + TITLE_BOOST if the token is in the
 * title)), then in site order. Scores come from the entries alone;
 * whether a match holds a phrase is read from its text, in its block of
 * documents. Matches are checked in score order until the first `count`
 * places are settled: that many matches hold every phrase (no match
 * checked later can rank above them), or every match is checked. Checking
 * stops at the budget (LOAD_BUDGET); the matches not checked by then count
 * as holding no phrase, the order is kept from then on, and `exact`
 * becomes false. Files already loaded count the same, so the results of a
 * query do not depend on what was searched before.
 */
class Search {
  constructor(load, options, meta, spent, terms, wanted, entries, candidates) {
    this.load = load;
    this.budget = options.loadBudget ?? LOAD_BUDGET;
    this.meta = meta;
    /** Bytes loaded: the meta file, the shards, the blocks. */
    this.spent = spent;
    this.calls = 0;
    this.terms = terms;
    this.phrases = wanted;
    this.entries = entries;
    /** [{doc, score}], best score first, ties in site order. */
    this.candidates = candidates;
    this.total = candidates.length;
    /** doc -> how many phrases it holds, for the checked matches. */
    this.held = new Map();
    /** How many of `candidates` (a prefix) are checked, and how many of those hold every phrase. */
    this.checked = 0;
    this.holdAll = 0;
    this.exact = true;
    /** block number -> its documents. */
    this.blocks = new Map();
    this.order = null;
  }

  /**
   * The best `count` matches (or all, if fewer), as {doc, url, title, kind,
   * excerpt, score, phrases}; `phrases` is how many of the query's phrases
   * the match holds (null if not checked).
   */
  async results(count) {
    const limit = (this.calls++ === 0 ? 0 : this.spent) + this.budget;
    await this.settle(count, limit);
    const top = this.ranked(count);
    if (top.length === 0) return [];
    await this.loadBlocks(top.map((c) => this.blockOf(c.doc)));
    return top.map(({ doc, score }) => {
      const d = this.document(doc);
      const held = this.phrases.length === 0 ? 0 : this.held.get(doc);
      return { doc, url: d.url, title: d.title, kind: d.kind, excerpt: d.excerpt, score, phrases: held ?? null };
    });
  }

  blockOf(doc) {
    return Math.floor(doc / this.meta.docs_per_block);
  }

  document(doc) {
    return this.blocks.get(this.blockOf(doc))[doc % this.meta.docs_per_block];
  }

  /** Loads the blocks not loaded yet of these numbers. */
  async loadBlocks(numbers) {
    const wanted = [...new Set(numbers)].filter((b) => !this.blocks.has(b));
    const texts = await Promise.all(wanted.map((b) => this.load(`search/docs/${b}.json`)));
    const docs = await Promise.all(texts.map(unpack));
    wanted.forEach((b, i) => {
      this.blocks.set(b, docs[i]);
      this.spent += bytesOf(texts[i]);
    });
  }

  /**
   * Checks matches in score order until the first `count` places are
   * settled, loading blocks while `limit` leaves room to show the page.
   */
  async settle(count, limit) {
    if (this.phrases.length === 0 || !this.exact) return;
    const largest = this.meta.block_bytes;
    while (this.holdAll < count && this.checked < this.total) {
      // The next matches to check, as far as their blocks fit: after
      // loading them, the places not checked must still be shown.
      const wanted = Math.max(count - this.holdAll, MIN_BATCH);
      const fresh = new Set();
      let taken = 0;
      for (const { doc } of this.candidates.slice(this.checked, this.checked + wanted)) {
        const block = this.blockOf(doc);
        const adds = this.blocks.has(block) || fresh.has(block) ? 0 : 1;
        const unchecked = Math.max(0, count - (this.checked + taken + 1));
        if (this.spent + (fresh.size + adds + unchecked) * largest > limit) break;
        if (adds) fresh.add(block);
        taken++;
      }
      if (taken === 0) {
        this.exact = false;
        return;
      }
      await this.loadBlocks([...fresh]);
      for (const { doc } of this.candidates.slice(this.checked, this.checked + taken)) this.check(doc);
    }
  }

  /** Checks a match's phrases against its text. */
  check(doc) {
    const wanted = new Set(this.phrases.flat().map(([token]) => token));
    const positions = new Map();
    for (const [token, at] of documentTokens(this.document(doc))) {
      if (!wanted.has(token)) continue;
      if (!positions.has(token)) positions.set(token, []);
      positions.get(token).push(at);
    }
    const positionsOf = (token) => positions.get(token) || [];
    const held = this.phrases.filter((phrase) => holds(phrase, positionsOf)).length;
    this.held.set(doc, held);
    if (held === this.phrases.length) this.holdAll++;
    this.checked++;
  }

  /** The first `count` matches in rank order (as far as checked). */
  ranked(count) {
    const all = this.phrases.length;
    if (all === 0) return this.candidates.slice(0, count);
    if (this.exact && this.holdAll >= count) {
      // The checked matches that hold every phrase, in score order, rank
      // above every other match.
      return this.candidates.slice(0, this.checked).filter((c) => this.held.get(c.doc) === all).slice(0, count);
    }
    if (this.order === null) {
      // Settled for good: every match checked, or checking stopped.
      const held = (c) => this.held.get(c.doc) ?? 0;
      this.order = [...this.candidates].sort((a, b) => held(b) - held(a) || b.score - a.score || a.doc - b.doc);
    }
    return this.order.slice(0, count);
  }
}

/**
 * Prepares a query. `load(relativePath)` returns (a promise of) the text of
 * a file under the site root, e.g. "search/meta.json". Loads the meta file
 * and the shards of the query's tokens (up to its MAX_TERMS-th different
 * token), finds the matches and scores them. `options.loadBudget` replaces
 * LOAD_BUDGET (for tests).
 */
export async function prepare(query, load, options = {}) {
  const stream = queryTokens(query);
  const terms = [...new Set(stream.map(([token]) => token))];
  const wanted = phrasesOf(stream);
  let loaded = 0;
  const json = async (rel) => {
    const text = await load(rel);
    loaded += bytesOf(text);
    return JSON.parse(text);
  };
  const none = (meta) => new Search(load, options, meta, loaded, terms, wanted, new Map(), []);
  if (terms.length === 0) return none(null);
  const meta = await json("search/meta.json");
  if (!meta || meta.tokenizer !== TOKENIZER_VERSION) {
    throw new Error(
      `search index version ${meta && meta.tokenizer} does not match search.js (${TOKENIZER_VERSION})`,
    );
  }
  const shardIds = [...new Set(terms.map((t) => shardOf(t, meta.shards)))];
  const shards = await Promise.all(
    shardIds.map(async (s) => {
      const text = await load(`search/index/${s}.json`);
      loaded += bytesOf(text);
      return unpack(text);
    }),
  );
  const shardById = new Map(shardIds.map((s, i) => [s, shards[i]]));
  const entries = new Map();
  for (const term of terms) {
    const shard = shardById.get(shardOf(term, meta.shards));
    if (!shard || !Object.prototype.hasOwnProperty.call(shard, term)) return none(meta);
    entries.set(term, decodeEntry(shard[term]));
  }
  // Rarest token first: the candidate set only shrinks.
  const lists = terms.map((term) => entries.get(term));
  lists.sort((a, b) => a.docs.length - b.docs.length);
  const n = meta.docs;
  // doc -> score
  let matches = null;
  for (const { docs, tfs, inTitle } of lists) {
    const idf = Math.log(1 + n / docs.length);
    const next = new Map();
    for (let i = 0; i < docs.length; i++) {
      const before = matches === null ? 0 : matches.get(docs[i]);
      if (before === undefined) continue;
      next.set(docs[i], before + idf * (1 + Math.log(tfs[i]) + (inTitle[i] ? TITLE_BOOST : 0)));
    }
    matches = next;
    if (matches.size === 0) break;
  }
  const candidates = [];
  for (const [doc, score] of matches) if (doc >= 0 && doc < n) candidates.push({ doc, score });
  candidates.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return new Search(load, options, meta, loaded, terms, wanted, entries, candidates);
}

/**
 * Runs a query (see `prepare` and `Search`). Returns {terms, phrases,
 * total, results, exact}: the distinct query tokens, the query's phrases,
 * how many documents match, the best `count` of them (PAGE_SIZE unless
 * asked) and whether their order is the one a check of every match's
 * phrases would give.
 */
export async function run(query, load, count = PAGE_SIZE, options = {}) {
  const s = await prepare(query, load, options);
  const results = await s.results(count);
  return { terms: s.terms, phrases: s.phrases, total: s.total, results, exact: s.exact };
}

/** The best `count` matches of a query (PAGE_SIZE unless asked). */
export async function search(query, load, count = PAGE_SIZE) {
  return (await run(query, load, count)).results;
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
  const more = document.getElementById("search-more");
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
        return r.text();
      });
      // A failure is not kept, so the next search tries again.
      p.catch(() => cache.delete(rel));
      cache.set(rel, p);
    }
    return cache.get(rel);
  };

  let latest = 0;
  let current = null;
  let list = null;

  /** Appends results to the list. */
  function append(items, query) {
    for (const r of items) {
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
  }

  /** Runs `work` for the latest search only; shows an error if it fails. */
  async function step(id, work) {
    results.setAttribute("aria-busy", "true");
    try {
      const outcome = await work();
      if (id === latest) results.removeAttribute("aria-busy");
      return outcome;
    } catch (e) {
      if (id !== latest) return undefined;
      results.removeAttribute("aria-busy");
      status.textContent = data.error || String(e);
      if (more) more.hidden = true;
      console.error(e);
      return undefined;
    }
  }

  async function show(query) {
    const id = ++latest;
    input.value = query;
    results.replaceChildren();
    if (more) more.hidden = true;
    current = null;
    if (query.trim() === "") {
      status.textContent = "";
      document.title = pageTitle;
      return;
    }
    document.title = `${query} · ${pageTitle}`;
    const outcome = await step(id, async () => {
      const s = await prepare(query, load);
      return { s, first: await s.results(PAGE_SIZE) };
    });
    if (id !== latest || outcome === undefined) return;
    const { s, first } = outcome;
    if (first.length === 0) {
      status.textContent = fill(data.noResults, { query: query.trim() });
      return;
    }
    status.textContent = fill(data.resultsCount, { count: s.total });
    list = document.createElement("ol");
    list.className = "search-result-list";
    append(first, query);
    results.appendChild(list);
    current = { id, s, query, shown: first.length };
    if (more) more.hidden = s.total <= first.length;
  }

  // "More results": the next page of the same search, added to the list.
  more?.addEventListener("click", async () => {
    if (!current) return;
    const { id, s, query, shown } = current;
    more.disabled = true;
    const next = await step(id, () => s.results(shown + PAGE_SIZE));
    more.disabled = false;
    if (id !== latest || next === undefined) return;
    append(next.slice(shown), query);
    current.shown = next.length;
    more.hidden = s.total <= next.length;
  });

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
