//! The tokenizer: text to CJK character bigrams and lower-case ASCII words,
//! each with its position (the rules are in the [parent module's
//! docs](super)).
//! `themes/default/static/search.js` has the same functions; the test suite
//! runs both on the same text and requires the same tokens and positions.

/// Full-width ASCII to half-width, then ASCII lower-case.
fn normalise(c: char) -> char {
    let u = c as u32;
    let c = if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else {
        c
    };
    c.to_ascii_lowercase()
}

/// Whether a (normalised) character belongs to a CJK run: Han ideographs
/// (unified, extensions A to H, compatibility), `々` and `〇`, hiragana,
/// katakana (full- and half-width, with the prolonged sound mark, without
/// the middle dot `・`), and hangul (syllables and jamo).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x3005                // 々 ideographic iteration mark
        | 0x3007                // 〇 ideographic number zero
        | 0x3041..=0x3096       // Hiragana
        | 0x309D..=0x309F       // Hiragana iteration marks, digraph
        | 0x30A1..=0x30FA       // Katakana
        | 0x30FC..=0x30FF       // Katakana prolonged sound mark, iteration marks, digraph
        | 0x3130..=0x318F       // Hangul Compatibility Jamo
        | 0x31F0..=0x31FF       // Katakana Phonetic Extensions
        | 0x3400..=0x4DBF       // CJK Unified Ideographs Extension A
        | 0x4E00..=0x9FFF       // CJK Unified Ideographs
        | 0xAC00..=0xD7AF       // Hangul Syllables
        | 0xF900..=0xFAFF       // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F       // Half-width Katakana
        | 0x20000..=0x3FFFF     // Extensions B to H, Compatibility Supplement
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Separator,
}

fn class(c: char) -> Class {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        Class::Word
    } else if is_cjk(c) {
        Class::Cjk
    } else {
        Class::Separator
    }
}

/// How far the first token of a run is from the last token before it: when
/// the runs touch, and when separators (or the start of a field) lie
/// between them.
const GAP_TOUCHING: u64 = 2;
const GAP_SEPARATED: u64 = 3;

/// The tokens of a run that has just ended, built in `scratch`, with their
/// positions: the first `gap` after `last` (or 0), then one apart.
fn flush(
    f: &mut impl FnMut(&str, u64),
    scratch: &mut String,
    last: &mut Option<u64>,
    gap: u64,
    class: Class,
    run: &[char],
) {
    let mut at = last.map_or(0, |l| l + gap);
    let mut emit = |chars: &[char]| {
        scratch.clear();
        scratch.extend(chars);
        f(scratch, at);
        *last = Some(at);
        at += 1;
    };
    match class {
        Class::Word => emit(run),
        Class::Cjk if run.len() == 1 => emit(run),
        Class::Cjk => run.windows(2).for_each(emit),
        Class::Separator => {}
    }
}

/// The tokens of a text, in order, with repeats (see the module docs for the
/// rules). `search.js` has the same function; keep them in step and bump
/// [`TOKENIZER_VERSION`](super::TOKENIZER_VERSION) when they change.
pub fn tokens(text: &str) -> Vec<String> {
    positioned_tokens(text)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// The tokens of a text with their positions (rule 4 of the module docs),
/// the first at 0. `positioned` in `search.js` gives the same.
pub fn positioned_tokens(text: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for_each_token(text, &mut None, |t, at| out.push((t.to_string(), at)));
    out
}

/// The tokens of a document with their positions: its title, kind and text
/// as one stream (rule 4 of the module docs), as the index counts them.
/// `documentTokens` in `search.js` gives the same, and checks phrases with
/// them.
pub fn document_tokens(doc: &super::Doc) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut last = None;
    for text in [&doc.title, &doc.kind, &doc.text] {
        for_each_token(text, &mut last, |t, at| out.push((t.to_string(), at)));
    }
    out
}

/// Calls `f` with each token of `text` and its position, in order, without
/// allocating a string for each. `last` is the position of the last token
/// before this text (of an earlier field of the same document), updated to
/// this text's last token; the text starts as if after a separator.
pub(super) fn for_each_token(text: &str, last: &mut Option<u64>, mut f: impl FnMut(&str, u64)) {
    let mut run: Vec<char> = Vec::new();
    let mut scratch = String::new();
    let mut current = Class::Separator;
    // Whether separators (or the start of the text) lie between the last
    // token and the run being read.
    let mut separated = true;
    let gap = |separated: bool| {
        if separated {
            GAP_SEPARATED
        } else {
            GAP_TOUCHING
        }
    };
    for c in text.chars().map(normalise) {
        let k = class(c);
        if k != current {
            if current != Class::Separator {
                flush(&mut f, &mut scratch, last, gap(separated), current, &run);
                separated = k == Class::Separator;
            }
            run.clear();
            current = k;
        }
        if k != Class::Separator {
            run.push(c);
        }
    }
    flush(&mut f, &mut scratch, last, gap(separated), current, &run);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_bigrams_and_numbers() {
        assert_eq!(
            tokens("乡镇科协覆盖率达到85%"),
            strs(&[
                "乡镇", "镇科", "科协", "协覆", "覆盖", "盖率", "率达", "达到", "85"
            ])
        );
    }

    #[test]
    fn full_width_and_case_are_normalised() {
        assert_eq!(tokens("１２３"), strs(&["123"]));
        assert_eq!(tokens("ＡＢＣ ａｂｃ Abc"), strs(&["abc", "abc", "abc"]));
        // Full-width punctuation separates, as ASCII punctuation does.
        assert_eq!(tokens("试点（２０１９）"), strs(&["试点", "2019"]));
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            tokens("2019年上半年，“四长”兼任SAST副主席16人。县"),
            strs(&[
                "2019", "年上", "上半", "半年", "四长", "兼任", "sast", "副主", "主席", "16", "人",
                "县"
            ])
        );
        // Kana and hangul are CJK runs; the katakana middle dot separates.
        assert_eq!(
            tokens("東京タワー"),
            strs(&["東京", "京タ", "タワ", "ワー"])
        );
        assert_eq!(tokens("ア・イ"), strs(&["ア", "イ"]));
        assert_eq!(tokens("서울 시"), strs(&["서울", "시"]));
        // Letters outside ASCII separate.
        assert_eq!(tokens("café x"), strs(&["caf", "x"]));
        assert!(tokens("，。！ — ").is_empty());
        assert!(tokens("").is_empty());
    }

    fn positions(text: &str) -> Vec<(&'static str, u64)> {
        positioned_tokens(text)
            .into_iter()
            .map(|(t, at)| (&*t.leak(), at))
            .collect()
    }

    #[test]
    fn positions_are_consecutive_in_a_run_and_apart_across_runs() {
        // One run: one apart.
        assert_eq!(
            positions("村级科协"),
            [("村级", 0), ("级科", 1), ("科协", 2)]
        );
        // Runs that touch: two apart; separated: three, however many
        // separators.
        assert_eq!(
            positions("2019年上半年 abc，， 县"),
            [
                ("2019", 0),
                ("年上", 2),
                ("上半", 3),
                ("半年", 4),
                ("abc", 7),
                ("县", 10)
            ]
        );
        // Leading separators do not move the first token.
        assert_eq!(positions("  ，村级"), [("村级", 0)]);
        // Characters apart are never side by side: 村级 and 级科 of
        // "村级。级科协" are not one apart, as they are in "村级科协".
        assert_eq!(
            positions("村级。级科协"),
            [("村级", 0), ("级科", 3), ("科协", 4)]
        );
    }
}
