//! The inverted index: for every token, the documents that have it (the
//! document part of its postings, which every query of the token loads)
//! and where in them (the positions, which only phrase verification
//! needs). A token's positions go inline after each document when they are
//! few, else into chunks of their own, files a query loads only for the
//! documents whose phrases it verifies. The formats are in the [parent
//! module's docs](super); `search.js` reads them.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::Doc;
use super::tokens::for_each_token;

/// The digits of the numbers in a postings string: printable ASCII less `"`
/// and `\`, so the string is written into JSON as it is. The first half are
/// final digits, the second half digits with more to follow.
const DIGITS: &[u8; 92] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The number base of a postings string: half the digits.
const BASE: u64 = 46;

/// A document's count code (its count of the token times 2, plus 1 when
/// the token is in its title) is written into the same number as its gap
/// from the previous document, as `gap * BASE + code`, up to this value;
/// a larger code is written as this value and the rest in a number of its
/// own. So a document next to the previous one that has the token up to 22
/// times takes one character.
const CODE_ESCAPE: u64 = BASE - 1;

/// A token whose positions take at most this many bytes keeps them inline,
/// after each document in its shard entry; others get chunks.
pub const INLINE_POSITIONS: usize = 512;

/// The size a chunk of a token's positions aims to stay within, in bytes:
/// a chunk holds the positions of the token's documents in a row until the
/// next would take it past this (a single document larger than this is a
/// chunk of its own).
pub const CHUNK_TARGET: usize = 1_024;

/// Appends `n` to a postings string: base 46, least significant digit
/// first, every digit but the last taken from the second half of
/// [`DIGITS`]. So 0..45 take one character, up to 2,115 two, up to 97,335
/// three. (`search.js` reads them back in `Numbers`.)
fn write_number(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let digit = (n % BASE) as usize;
        n /= BASE;
        if n == 0 {
            out.push(DIGITS[digit]);
            return;
        }
        out.push(DIGITS[BASE as usize + digit]);
    }
}

/// The numbers of a postings string, read back; `None` at a character that
/// is not a digit or a number cut short (see [`Numbers::finish`]).
struct Numbers<'a> {
    bytes: std::slice::Iter<'a, u8>,
}

impl<'a> Numbers<'a> {
    fn new(s: &'a str) -> Self {
        Numbers {
            bytes: s.as_bytes().iter(),
        }
    }

    fn is_empty(&self) -> bool {
        self.bytes.len() == 0
    }

    fn next(&mut self) -> Option<u64> {
        let (mut value, mut scale) = (0u64, 1u64);
        for &b in self.bytes.by_ref() {
            let digit = DIGITS.iter().position(|&d| d == b)? as u64;
            if digit < BASE {
                return value.checked_add(digit.checked_mul(scale)?);
            }
            value = value.checked_add((digit - BASE).checked_mul(scale)?)?;
            scale = scale.checked_mul(BASE)?;
        }
        None
    }
}

/// Writes a document's positions of a token: the first as it is, each next
/// one less the previous plus one.
fn write_positions(out: &mut Vec<u8>, positions: impl IntoIterator<Item = u64>) {
    let mut next = 0;
    for at in positions {
        write_number(out, at - next);
        next = at + 1;
    }
}

/// Reads `count` positions written by [`write_positions`].
fn read_positions(numbers: &mut Numbers, count: u64) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut next = 0u64;
    for _ in 0..count {
        let at = next.checked_add(numbers.next()?)?;
        out.push(at);
        next = at.checked_add(1)?;
    }
    Some(out)
}

/// FNV-1a, 64-bit, as a hasher for the token map: tokens are short and
/// trusted (they come from the site), so SipHash's protection against
/// chosen keys buys nothing here and costs a tenth of the build.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// One token's postings while the documents are read: the document part
/// and the positions as they will be written, the positions already cut
/// into chunks.
#[derive(Default)]
pub(super) struct Postings {
    /// Gap and count code of each document, in document order.
    documents: Vec<u8>,
    /// Every document's positions, one after the other.
    positions: Vec<u8>,
    next_doc: u32,
    /// The chunks closed so far: (documents, end in `positions`).
    chunks: Vec<(u32, usize)>,
    /// Documents in the chunk being filled, which starts at the end of the
    /// last closed one.
    open: u32,
}

impl Postings {
    /// Adds a document: its index (greater than the last one's), whether
    /// the token is in its title, and its positions, increasing.
    fn add(&mut self, doc: u32, in_title: bool, positions: &[u64]) {
        let gap = u64::from(doc.saturating_sub(self.next_doc));
        self.next_doc = doc.saturating_add(1);
        let code = positions.len() as u64 * 2 + u64::from(in_title);
        write_number(&mut self.documents, gap * BASE + code.min(CODE_ESCAPE));
        if code >= CODE_ESCAPE {
            write_number(&mut self.documents, code - CODE_ESCAPE);
        }
        let start = self.positions.len();
        write_positions(&mut self.positions, positions.iter().copied());
        let chunk_start = self.chunks.last().map_or(0, |c| c.1);
        if self.open > 0 && self.positions.len() - chunk_start > CHUNK_TARGET {
            self.chunks.push((self.open, start));
            self.open = 0;
        }
        self.open += 1;
    }

    /// Whether the positions stay inline.
    fn inline(&self) -> bool {
        self.positions.len() <= INLINE_POSITIONS
    }

    /// How many chunk files the positions take (0 inline).
    pub(super) fn chunk_count(&self) -> u32 {
        if self.inline() {
            0
        } else {
            u32::try_from(self.chunks.len() + 1).unwrap_or(u32::MAX)
        }
    }

    /// The postings string of the shard entry, its chunks numbered from
    /// `first_chunk`.
    pub(super) fn entry(&self, first_chunk: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.documents.len() + 8);
        if self.inline() {
            write_number(&mut out, 0);
            // Document part and positions, interleaved: each document's
            // positions after its gap and count code.
            let documents = std::str::from_utf8(&self.documents).unwrap_or_default();
            let positions = std::str::from_utf8(&self.positions).unwrap_or_default();
            let mut docs = Numbers::new(documents);
            let mut at = Numbers::new(positions);
            while let Some((first, code)) = read_document(&mut docs) {
                write_number(&mut out, first);
                if code >= CODE_ESCAPE {
                    write_number(&mut out, code - CODE_ESCAPE);
                }
                for _ in 0..code / 2 {
                    write_number(&mut out, at.next().unwrap_or(0));
                }
            }
            return out;
        }
        write_number(&mut out, u64::from(self.chunk_count()));
        write_number(&mut out, u64::from(first_chunk));
        for &(documents, _) in &self.chunks {
            write_number(&mut out, u64::from(documents));
        }
        out.extend_from_slice(&self.documents);
        out
    }

    /// The chunks of the positions, in order (none when inline).
    pub(super) fn chunks(&self) -> Vec<&[u8]> {
        if self.inline() {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(self.chunks.len() + 1);
        let mut start = 0;
        for &(_, end) in &self.chunks {
            out.push(&self.positions[start..end]);
            start = end;
        }
        out.push(&self.positions[start..]);
        out
    }
}

/// Reads a document's first number (gap and count code together) and its
/// count code; `None` at the end.
fn read_document(numbers: &mut Numbers) -> Option<(u64, u64)> {
    let first = numbers.next()?;
    let mut code = first % BASE;
    if code == CODE_ESCAPE {
        code = code.checked_add(numbers.next()?)?;
    }
    Some((first, code))
}

/// Every token with its postings, tokens in byte order. One pass over the
/// documents in order: a document's tokens are gathered as (token number,
/// position) pairs, sorted, and each token's entry for the document is
/// appended to its postings, so nothing per occurrence outlives its
/// document and a token's postings are allocated only when it is first
/// seen.
pub(super) fn postings(docs: &[Doc]) -> Vec<(String, Postings)> {
    let mut ids: HashMap<String, u32, BuildHasherDefault<Fnv>> = HashMap::default();
    let mut lists: Vec<Postings> = Vec::new();
    let mut hits: Vec<(u32, u64)> = Vec::new();
    let mut positions: Vec<u64> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let doc_index = u32::try_from(d).unwrap_or(u32::MAX);
        hits.clear();
        let mut add = |token: &str, at: u64| {
            let id = match ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(lists.len()).unwrap_or(u32::MAX);
                    ids.insert(token.to_string(), id);
                    lists.push(Postings::default());
                    id
                }
            };
            hits.push((id, at));
        };
        let mut last = None;
        for_each_token(&doc.title, &mut last, &mut add);
        // Positions below this are in the title.
        let title_end = last.map_or(0, |l| l + 1);
        for_each_token(&doc.kind, &mut last, &mut add);
        for_each_token(&doc.text, &mut last, &mut add);
        hits.sort_unstable();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            positions.clear();
            positions.extend(group.iter().map(|&(_, at)| at));
            let in_title = positions[0] < title_end;
            lists[group[0].0 as usize].add(doc_index, in_title, &positions);
        }
    }
    // Hash order goes no further: sorted here, before anything is written.
    let mut sorted: Vec<(String, Postings)> = ids
        .into_iter()
        .map(|(token, id)| (token, std::mem::take(&mut lists[id as usize])))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// One document's entry in a token's postings, as [`read_postings`] reads
/// it back (for tests and tools; the index is written directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Whether the token is in the document's title.
    pub in_title: bool,
    /// Where the token is in the document, in increasing order; as many as
    /// times it occurs.
    pub positions: Vec<u64>,
}

/// Reads a token's postings string of a shard (see the module docs) and,
/// when its positions are in chunks, those chunks: `chunk(n)` gives the
/// string of `search/pos/<n>.json`. `None` when they are not postings.
pub fn read_postings(entry: &str, chunk: impl Fn(u32) -> Option<String>) -> Option<Vec<Posting>> {
    let mut numbers = Numbers::new(entry);
    let chunk_count = numbers.next()?;
    let mut sizes = Vec::new();
    let mut first_chunk = 0;
    if chunk_count > 0 {
        first_chunk = u32::try_from(numbers.next()?).ok()?;
        for _ in 1..chunk_count {
            sizes.push(numbers.next()?);
        }
    }
    // Documents and count codes (and inline positions).
    let mut out = Vec::new();
    let mut counts = Vec::new();
    let mut next_doc = 0u64;
    while !numbers.is_empty() {
        let (first, code) = read_document(&mut numbers)?;
        let doc = next_doc.checked_add(first / BASE)?;
        next_doc = doc.checked_add(1)?;
        let positions = if chunk_count == 0 {
            read_positions(&mut numbers, code / 2)?
        } else {
            Vec::new()
        };
        counts.push(code / 2);
        out.push(Posting {
            doc: u32::try_from(doc).ok()?,
            in_title: code % 2 == 1,
            positions,
        });
    }
    if chunk_count == 0 {
        return Some(out);
    }
    // Each chunk holds the positions of its documents in a row; the last
    // holds the rest.
    let total = u64::try_from(out.len()).ok()?;
    sizes.push(total.checked_sub(sizes.iter().sum())?);
    let mut posting = 0usize;
    for (i, &size) in sizes.iter().enumerate() {
        let text = chunk(first_chunk.checked_add(u32::try_from(i).ok()?)?)?;
        let mut numbers = Numbers::new(&text);
        for _ in 0..size {
            out.get_mut(posting)?.positions = read_positions(&mut numbers, counts[posting])?;
            posting += 1;
        }
        if !numbers.is_empty() {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry and chunks of a token with these postings, read back.
    fn round_trip(list: &[(u32, bool, Vec<u64>)]) -> Vec<(u32, bool, Vec<u64>)> {
        let mut postings = Postings::default();
        for (doc, in_title, positions) in list {
            postings.add(*doc, *in_title, positions);
        }
        let entry = String::from_utf8(postings.entry(7)).unwrap();
        let chunks: Vec<String> = postings
            .chunks()
            .into_iter()
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        assert_eq!(chunks.len() as u32, postings.chunk_count());
        // Every character goes into JSON as it is.
        for s in chunks.iter().chain([&entry]) {
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
        let read =
            read_postings(&entry, |n| chunks.get(n.checked_sub(7)? as usize).cloned()).unwrap();
        read.into_iter()
            .map(|p| (p.doc, p.in_title, p.positions))
            .collect()
    }

    #[test]
    fn postings_read_back_as_written_inline_and_in_chunks() {
        let few = vec![
            (0, false, vec![0]),
            (9, true, vec![1, 2, 3, 50, 5_000]),
            (12_345, false, vec![99_999, 4_000_000_000]),
            // Counts that escape the one-character code.
            (12_346, false, (0..23).collect()),
            (12_347, true, (0..22).collect()),
        ];
        assert_eq!(round_trip(&few), few);
        assert_eq!(round_trip(&[]), []);
        // Enough positions for several chunks, and one document larger
        // than a chunk on its own.
        let mut many: Vec<(u32, bool, Vec<u64>)> = (0..3_000)
            .map(|d| {
                (
                    d * 3,
                    d % 5 == 0,
                    (0..u64::from(d % 7) + 1).map(|k| k * 40).collect(),
                )
            })
            .collect();
        many.push((9_001, false, (0..2_000).map(|k| k * 3).collect()));
        many.push((9_002, false, vec![1]));
        assert_eq!(round_trip(&many), many);
    }

    #[test]
    fn chunks_stay_within_the_target_unless_one_document_is_larger() {
        let mut postings = Postings::default();
        for d in 0..5_000 {
            postings.add(d, false, &[1, 100, 10_000]);
        }
        postings.add(5_000, false, &(0..2_000).collect::<Vec<_>>());
        postings.add(5_001, false, &[5]);
        let chunks = postings.chunks();
        assert!(chunks.len() > 10, "{}", chunks.len());
        let large = chunks.iter().filter(|c| c.len() > CHUNK_TARGET).count();
        assert_eq!(large, 1);
        // Full: each of the small documents' chunks, but the one the large
        // document closed, could not have taken the next document (6 bytes).
        let full = &chunks[..chunks.len() - 3];
        assert!(full.iter().all(|c| c.len() > CHUNK_TARGET - 6), "{full:?}");
    }

    #[test]
    fn a_document_next_to_the_last_takes_one_character() {
        let mut postings = Postings::default();
        for d in 0..100 {
            postings.add(d, d % 2 == 0, &(0..22).collect::<Vec<_>>());
        }
        // 22 times in the title: code 45 needs an escape; 22 times: 44.
        assert_eq!(postings.documents.len(), 100 + 50);
    }

    #[test]
    fn numbers_take_one_character_below_46() {
        let digits = std::str::from_utf8(DIGITS).unwrap();
        // Every digit is distinct and goes into JSON unescaped.
        assert_eq!(
            serde_json::to_string(digits).unwrap(),
            format!("\"{digits}\"")
        );
        let mut sorted = DIGITS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), DIGITS.len());
        for (n, chars) in [
            (0, 1),
            (45, 1),
            (46, 2),
            (2_115, 2),
            (2_116, 3),
            (97_335, 3),
            (97_336, 4),
            (u64::from(u32::MAX), 6),
            (u64::MAX, 12),
        ] {
            let mut out = Vec::new();
            write_number(&mut out, n);
            assert_eq!(out.len(), chars, "{n}");
            let text = String::from_utf8(out).unwrap();
            assert_eq!(Numbers::new(&text).next(), Some(n));
        }
        // Not postings: a digit missing its end, a foreign character.
        assert_eq!(read_postings("\u{7e}", |_| None), None);
        assert_eq!(read_postings("!\"", |_| None), None);
        assert_eq!(read_postings("!", |_| None), Some(vec![]));
        assert_eq!(read_postings("", |_| None), None);
        // A chunk that is missing or holds more than its documents.
        assert_eq!(read_postings("#!$", |_| None), None);
        assert_eq!(read_postings("#!$", |_| Some("!!".into())), None);
        assert_eq!(
            read_postings("#!$", |_| Some("!".into())),
            Some(vec![Posting {
                doc: 0,
                in_title: false,
                positions: vec![0]
            }])
        );
    }
}
