// pilotsite search: queries the static index that `pilotsite build` writes
// under search/ (see src/search/mod.rs for the file formats and the decision).
//
// An ES module that also loads in node (the test suite runs it there):
// `tokens` and `fnv1a` must stay identical to src/search/tokens.rs, which a test
// checks. In a browser with the search page's elements, it wires up the page.

/** Must equal TOKENIZER_VERSION in src/search/mod.rs and "tokenizer" in meta.json. */
export const TOKENIZER_VERSION = 3;

/** Results shown at a time: the first page, and each "more results". */
export const PAGE_SIZE = 20;

/**
 * A query uses its tokens up to the MAX_TERMS-th different one (a phrase
 * of 17 Chinese characters), so what it loads stays bounded.
 */
export const MAX_TERMS = 16;

/**
 * What one call of `results` may load to check phrases (see `Search`):
 * at most VERIFY_BUDGET bytes of positions, and no more than takes what
 * the query has loaded (meta file, shards, positions) to LOAD_BUDGET. A
 * chunk is reckoned at CHUNK_BYTES before it is loaded (about CHUNK_TARGET
 * in src/search/postings.rs).
 */
export const VERIFY_BUDGET = 192_000;
export const LOAD_BUDGET = 400_000;
const CHUNK_BYTES = 1_024;

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

const encoder = new TextEncoder();

/** The size of a text in UTF-8, as a file. */
function bytesOf(text) {
  return encoder.encode(text).length;
}

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

  /** `count` positions: the first as it is, each next one less the previous plus one. */
  positions(count) {
    const out = new Array(count);
    let next = 0;
    for (let k = 0; k < count; k++) {
      out[k] = next + this.next();
      next = out[k] + 1;
    }
    return out;
  }
}

/**
 * Reads a token's entry in a shard (see src/search/mod.rs): {docs, tfs,
 * inTitle, positions, chunks}, one item of the first four per document that
 * has the token, in document order. `positions` holds each document's
 * positions when they are inline, else it is null and `chunks` says where
 * they are: {first, sizes, starts}, the first chunk file's number, how many
 * documents each chunk holds and where each starts among the documents.
 */
export function decodeEntry(text) {
  const n = new Numbers(text);
  const chunkCount = n.next();
  let chunks = null;
  if (chunkCount > 0) {
    const first = n.next();
    const sizes = [];
    for (let k = 1; k < chunkCount; k++) sizes.push(n.next());
    chunks = { first, sizes, starts: [] };
  }
  const docs = [];
  const tfs = [];
  const inTitle = [];
  const positions = chunks ? null : [];
  let nextDoc = 0;
  while (!n.done) {
    const first = n.next();
    let code = first % BASE;
    if (code === CODE_ESCAPE) code += n.next();
    const doc = nextDoc + Math.floor(first / BASE);
    nextDoc = doc + 1;
    const tf = Math.floor(code / 2);
    docs.push(doc);
    tfs.push(tf);
    inTitle.push(code % 2 === 1);
    if (positions) positions.push(n.positions(tf));
  }
  if (chunks) {
    let start = 0;
    for (const size of chunks.sizes) {
      chunks.starts.push(start);
      start += size;
    }
    if (start > docs.length) throw new Error("search index: a postings string is damaged");
    chunks.starts.push(start);
    chunks.sizes.push(docs.length - start);
  }
  return { docs, tfs, inTitle, positions, chunks };
}

/**
 * Reads chunk `k` of an entry's positions (the text of search/pos/<n>.json):
 * the positions of each of its documents, in order.
 */
export function decodeChunk(entry, k, text) {
  const n = new Numbers(text);
  const start = entry.chunks.starts[k];
  const out = [];
  for (let i = 0; i < entry.chunks.sizes[k]; i++) out.push(n.positions(entry.tfs[start + i]));
  if (!n.done) throw new Error("search index: a chunk of positions is damaged");
  return out;
}

/** Where `x` is in a sorted array of numbers, or -1. */
function indexOf(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x ? lo : -1;
}

/** The chunk of an entry that holds the document at `i` among its documents. */
function chunkOf(entry, i) {
  const { starts } = entry.chunks;
  let k = 0;
  let hi = starts.length - 1;
  while (k < hi) {
    const mid = (k + hi + 1) >>> 1;
    if (starts[mid] <= i) k = mid;
    else hi = mid - 1;
  }
  return k;
}

/**
 * The tokens of a phrase whose positions prove it, as [token, offset]
 * pairs. Tokens one apart are bigrams of one CJK run, and two such bigrams
 * two apart in a document are in one run too (a run that ends is followed
 * 2 later by an ASCII run, or 3 later), so the characters between are the
 * phrase's own: of each run's bigrams, every second one and the last are
 * enough. Everything else (ASCII words, single characters, the ends of
 * runs) is kept. `holds` gives the same answer with these as with all.
 */
export function proof(phrase) {
  const out = [];
  let runStart = 0;
  for (let i = 0; i < phrase.length; i++) {
    if (i > 0 && phrase[i][1] - phrase[i - 1][1] !== 1) runStart = i;
    const runEnds = i + 1 === phrase.length || phrase[i + 1][1] - phrase[i][1] !== 1;
    if ((i - runStart) % 2 === 0 || runEnds) out.push(phrase[i]);
  }
  return out;
}

/** Whether a sorted array of numbers holds `x`. */
function has(sorted, x) {
  return indexOf(sorted, x) >= 0;
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
 * title)), then in site order. Scores come from the entries alone; whether
 * a match holds a phrase takes its positions. Those are checked for the
 * matches in score order until the first `count` places are settled: that
 * many matches hold every phrase (no match checked later can rank above
 * them), or every match is checked. Checking stops when it has loaded its
 * budget (VERIFY_BUDGET, LOAD_BUDGET); the matches not checked by then
 * count as holding no phrase, the order is kept from then on, and `exact`
 * becomes false. Files already loaded count the same, so the results of a
 * query do not depend on what was searched before.
 */
class Search {
  constructor(load, options, meta, loaded, terms, wanted, entries, candidates) {
    this.load = load;
    this.verifyBudget = options.verifyBudget ?? VERIFY_BUDGET;
    this.meta = meta;
    /** Bytes of the meta file and shards. */
    this.loaded = loaded;
    this.terms = terms;
    this.phrases = wanted;
    this.proofs = wanted.map(proof);
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
    /** chunk file number -> positions of its documents. */
    this.chunks = new Map();
    this.order = null;
  }

  /**
   * The best `count` matches (or all, if fewer), as {doc, url, title, kind,
   * excerpt, score, phrases}; `phrases` is how many of the query's phrases
   * the match holds (null if not checked).
   */
  async results(count) {
    await this.settle(count);
    const top = this.ranked(count);
    if (top.length === 0) return [];
    const per = this.meta.docs_per_file;
    const files = [...new Set(top.map((c) => Math.floor(c.doc / per)))];
    const loaded = await Promise.all(files.map(async (f) => JSON.parse(await this.load(`search/docs/${f}.json`))));
    const byFile = new Map(files.map((f, i) => [f, loaded[i]]));
    return top.map(({ doc, score }) => {
      const d = byFile.get(Math.floor(doc / per))[doc % per];
      const held = this.phrases.length === 0 ? 0 : this.held.get(doc);
      return { doc, url: d.url, title: d.title, kind: d.kind, excerpt: d.excerpt, score, phrases: held ?? null };
    });
  }

  /** Checks matches in score order until the first `count` places are settled. */
  async settle(count) {
    if (this.phrases.length === 0 || !this.exact) return;
    let budget = Math.min(this.verifyBudget, LOAD_BUDGET - this.loaded);
    while (this.holdAll < count && this.checked < this.total) {
      if (budget <= 0) {
        this.exact = false;
        return;
      }
      const wanted = Math.max(count - this.holdAll, MIN_BATCH);
      budget -= await this.check(this.candidates.slice(this.checked, this.checked + wanted), budget);
    }
  }

  /**
   * Checks the phrases of a batch of matches (at least the first; the rest
   * while the chunks they need would fit `budget` at CHUNK_BYTES each);
   * returns the bytes of positions loaded.
   */
  async check(batch, budget) {
    const needed = new Map();
    let taken = 0;
    for (const { doc } of batch) {
      const own = new Map();
      for (const [token] of this.proofs.flat()) {
        const entry = this.entries.get(token);
        if (entry.positions) continue;
        const k = chunkOf(entry, indexOf(entry.docs, doc));
        const file = entry.chunks.first + k;
        if (!this.chunks.has(file) && !needed.has(file)) own.set(file, [entry, k]);
      }
      if (taken > 0 && (needed.size + own.size) * CHUNK_BYTES > budget) break;
      for (const [file, at] of own) needed.set(file, at);
      taken++;
    }
    const files = [...needed.keys()];
    const texts = await Promise.all(files.map((f) => this.load(`search/pos/${f}.json`)));
    let bytes = 0;
    files.forEach((file, i) => {
      const [entry, k] = needed.get(file);
      this.chunks.set(file, decodeChunk(entry, k, JSON.parse(texts[i])));
      bytes += bytesOf(texts[i]);
    });
    for (const { doc } of batch.slice(0, taken)) {
      const positionsOf = (token) => {
        const entry = this.entries.get(token);
        const i = indexOf(entry.docs, doc);
        if (entry.positions) return entry.positions[i];
        const k = chunkOf(entry, i);
        return this.chunks.get(entry.chunks.first + k)[i - entry.chunks.starts[k]];
      };
      const held = this.proofs.filter((phrase) => holds(phrase, positionsOf)).length;
      this.held.set(doc, held);
      if (held === this.phrases.length) this.holdAll++;
    }
    this.checked += taken;
    return bytes;
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
 * token), finds the matches and scores them. `options.verifyBudget` replaces
 * VERIFY_BUDGET (for tests).
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
  const shards = await Promise.all(shardIds.map((s) => json(`search/index/${s}.json`)));
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
