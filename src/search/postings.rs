//! The inverted index: for every token, the documents that have it, how
//! often and whether in the title, which every query of the token loads.
//! Where in a document a token stands is not stored: a query that needs it
//! (to check a phrase) reads the document's own text from its block. The
//! format is in the [parent module's docs](super); `search.js` reads it.

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

/// One token's postings as they will be written: the gap and count code
/// of each document that has it, in document order.
#[derive(Default)]
pub(super) struct Postings {
    documents: Vec<u8>,
    next_doc: u32,
}

impl Postings {
    /// Adds a document: its index (greater than the last one's), whether
    /// the token is in its title, and how often it has the token.
    fn add(&mut self, doc: u32, in_title: bool, count: u64) {
        let gap = u64::from(doc.saturating_sub(self.next_doc));
        self.next_doc = doc.saturating_add(1);
        let code = count * 2 + u64::from(in_title);
        write_number(&mut self.documents, gap * BASE + code.min(CODE_ESCAPE));
        if code >= CODE_ESCAPE {
            write_number(&mut self.documents, code - CODE_ESCAPE);
        }
    }

    /// The postings string of the shard entry.
    pub(super) fn entry(&self) -> &[u8] {
        &self.documents
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
/// documents in order: a document's tokens are gathered as token numbers
/// (twice the number, plus 1 in the title), sorted, and each token's entry
/// for the document is appended to its postings, so nothing per occurrence
/// outlives its document and a token's postings are allocated only when it
/// is first seen.
pub(super) fn postings(docs: &[Doc]) -> Vec<(String, Postings)> {
    let mut ids: HashMap<String, u32, BuildHasherDefault<Fnv>> = HashMap::default();
    let mut lists: Vec<Postings> = Vec::new();
    let mut hits: Vec<u32> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let doc_index = u32::try_from(d).unwrap_or(u32::MAX);
        hits.clear();
        let mut add = |token: &str, in_title: bool| {
            let id = match ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(lists.len()).unwrap_or(u32::MAX);
                    ids.insert(token.to_string(), id);
                    lists.push(Postings::default());
                    id
                }
            };
            hits.push(id.saturating_mul(2) | u32::from(in_title));
        };
        let mut last = None;
        for_each_token(&doc.title, &mut last, |token, _| add(token, true));
        for_each_token(&doc.kind, &mut last, |token, _| add(token, false));
        for_each_token(&doc.text, &mut last, |token, _| add(token, false));
        hits.sort_unstable();
        for group in hits.chunk_by(|a, b| a >> 1 == b >> 1) {
            // Sorted: an occurrence in the title (odd) comes last.
            let in_title = group[group.len() - 1] & 1 == 1;
            lists[(group[0] >> 1) as usize].add(doc_index, in_title, group.len() as u64);
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
    /// How often the token is in the document.
    pub count: u64,
}

/// Reads a token's postings string of a shard (see the module docs).
/// `None` when they are not postings.
pub fn read_postings(entry: &str) -> Option<Vec<Posting>> {
    let mut numbers = Numbers::new(entry);
    let mut out = Vec::new();
    let mut next_doc = 0u64;
    while !numbers.is_empty() {
        let (first, code) = read_document(&mut numbers)?;
        let doc = next_doc.checked_add(first / BASE)?;
        next_doc = doc.checked_add(1)?;
        out.push(Posting {
            doc: u32::try_from(doc).ok()?,
            in_title: code % 2 == 1,
            count: code / 2,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry of a token with these postings, read back.
    fn round_trip(list: &[(u32, bool, u64)]) -> Vec<(u32, bool, u64)> {
        let mut postings = Postings::default();
        for &(doc, in_title, count) in list {
            postings.add(doc, in_title, count);
        }
        let entry = String::from_utf8(postings.entry().to_vec()).unwrap();
        // Every character goes into JSON as it is.
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            format!("\"{entry}\"")
        );
        read_postings(&entry)
            .unwrap()
            .into_iter()
            .map(|p| (p.doc, p.in_title, p.count))
            .collect()
    }

    #[test]
    fn postings_read_back_as_written() {
        let few = vec![
            (0, false, 1),
            (9, true, 5),
            (12_345, false, 2),
            // Counts that escape the one-character code.
            (12_346, false, 23),
            (12_347, true, 22),
            (4_000_000_000, false, 100_000),
        ];
        assert_eq!(round_trip(&few), few);
        assert_eq!(round_trip(&[]), []);
    }

    #[test]
    fn a_document_next_to_the_last_takes_one_character() {
        let mut postings = Postings::default();
        for d in 0..100 {
            postings.add(d, d % 2 == 0, 22);
        }
        // 22 times in the title: code 45 needs an escape; 22 times: 44.
        assert_eq!(postings.documents.len(), 100 + 50);
    }

    #[test]
    fn counts_and_titles_of_a_document() {
        let docs = [Doc {
            url: "/a/".into(),
            title: "试点进展".into(),
            kind: String::new(),
            text: "试点，试点。进展".into(),
        }];
        let read: Vec<(String, Vec<Posting>)> = postings(&docs)
            .into_iter()
            .map(|(t, p)| {
                let entry = String::from_utf8(p.entry().to_vec()).unwrap();
                (t, read_postings(&entry).unwrap())
            })
            .collect();
        let of = |token: &str| {
            read.iter()
                .find(|(t, _)| t == token)
                .map(|(_, p)| (p[0].in_title, p[0].count))
        };
        assert_eq!(of("试点"), Some((true, 3)));
        assert_eq!(of("进展"), Some((true, 2)));
        assert_eq!(of("点进"), Some((true, 1)));
        assert_eq!(of("点，"), None);
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
        assert_eq!(read_postings("\u{7e}"), None);
        assert_eq!(read_postings("!\""), None);
        assert_eq!(read_postings(""), Some(vec![]));
        assert_eq!(
            read_postings("$"),
            Some(vec![Posting {
                doc: 0,
                in_title: false,
                count: 1
            }])
        );
    }
}
