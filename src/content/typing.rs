//! The slips of typing with a Chinese input method, recognised in what an
//! author wrote where a figure, a period or a metric belongs: full-width
//! digits and spaces, invisible characters pasted with a figure, a unit or
//! a thousands separator typed after it, a label where an id belongs.
//!
//! Pure functions over text; the report checks (documents.rs) turn what
//! they find into diagnostics.

/// An invisible or look-alike character found in a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invisible {
    /// The character's short name in the catalogue's selectors
    /// (`zwsp`, `fullwidth-space`, ...).
    pub name: &'static str,
    pub ch: char,
    /// Characters before it in the text.
    pub index: usize,
    /// Where it sits against the figure: `before`, `after` or `inside`.
    pub place: &'static str,
}

/// The name (catalogue selector) of a character that cannot be seen, or
/// looks like an ordinary space but is not one.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "zwsp",
        '\u{200C}' | '\u{200D}' | '\u{2060}' => "zero-width",
        '\u{FEFF}' => "bom",
        '\u{3000}' => "fullwidth-space",
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => "nbsp",
        '\u{2000}'..='\u{200A}' => "other-space",
        _ => return None,
    })
}

/// The first invisible character in `text` when, without every such
/// character, `text` is a number (`85` + U+200B, `85　`).
pub fn invisible_in_number(text: &str) -> Option<Invisible> {
    let cleaned: String = text
        .chars()
        .filter(|c| invisible_name(*c).is_none())
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || !is_number(&half_width(cleaned)) {
        return None;
    }
    let (index, ch) = text
        .chars()
        .enumerate()
        .find(|(_, c)| invisible_name(*c).is_some())?;
    let before = text
        .chars()
        .take(index)
        .any(|c| invisible_name(c).is_none());
    let after = text
        .chars()
        .skip(index + 1)
        .any(|c| invisible_name(c).is_none());
    let place = match (before, after) {
        (true, true) => "inside",
        (true, false) => "after",
        _ => "before",
    };
    Some(Invisible {
        name: invisible_name(ch)?,
        ch,
        index,
        place,
    })
}

/// `text` without its invisible characters, trimmed: the figure the author
/// meant.
pub fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| invisible_name(*c).is_none())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Full-width ASCII forms (`８５`, `．`, `（`) as their ordinary forms, and
/// the full-width space as a space.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Whether `text` has a full-width digit (`８`).
pub fn has_fullwidth_digit(text: &str) -> bool {
    text.chars().any(|c| ('\u{FF10}'..='\u{FF19}').contains(&c))
}

/// Whether `text` is a plain decimal number (`85`, `-3`, `0.85`).
pub fn is_number(text: &str) -> bool {
    let t = text.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// A figure with a unit or a sign typed after it (`85个`, `85 %`,
/// `160万元`): the number and the rest.
pub fn number_with_unit(text: &str) -> Option<(String, String)> {
    let t = half_width(text.trim());
    let end = t
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))))
        .map(|(i, _)| i)?;
    let (number, unit) = t.split_at(end);
    let unit = unit.trim();
    if !is_number(number) || unit.is_empty() || unit.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((number.to_string(), unit.to_string()))
}

/// A figure written with thousands separators (`12,400`, `12，400`): the
/// digits alone.
pub fn number_with_commas(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.contains([',', '，']) {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != ',' && *c != '，').collect();
    is_number(&digits).then_some(digits)
}

/// A name as compared with labels: without spaces of any width and with
/// full-width forms folded, so `农技协数 `, `农技协 数` and a label with
/// full-width brackets written with ordinary ones all compare equal.
pub fn loose(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && invisible_name(*c).is_none())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits tags typed with the input method's commas (`青少年科技，四长`,
/// `四长、组织建设`) into separate tags, trimmed, without empty ones.
pub fn split_tags(tag: &str) -> impl Iterator<Item = &str> {
    tag.split(['，', '、', ','])
        .map(|t| t.trim_matches(|c: char| c.is_whitespace()))
        .filter(|t| !t.is_empty())
}

/// When a period with a standard id starts, as (year, month): `2019-H2` is
/// (2019, 7). `None` for any other id.
pub fn period_start(id: &str) -> Option<(u32, u32)> {
    let year_text = id.get(..4)?;
    if !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = year_text.parse().ok()?;
    let month = match id.get(4..)? {
        "" => 1,
        rest => {
            let part = rest.strip_prefix('-')?.to_ascii_uppercase();
            match part.as_str() {
                "H1" => 1,
                "H2" => 7,
                "Q1" => 1,
                "Q2" => 4,
                "Q3" => 7,
                "Q4" => 10,
                m if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                    let m: u32 = m.parse().ok()?;
                    if !(1..=12).contains(&m) {
                        return None;
                    }
                    m
                }
                _ => return None,
            }
        }
    };
    Some((year, month))
}

/// Where an unquoted ` #` cuts a one-line value short: for a line
/// `field: text #rest`, the character index of the `#` on the line and the
/// text it cuts off. Quoted and block values are left alone.
pub fn comment_cut<'a>(line: &'a str, field: &str) -> Option<(usize, &'a str)> {
    let rest = line.strip_prefix(field)?.strip_prefix(':')?;
    let value = rest.trim_start_matches([' ', '\t']);
    if value.is_empty() || value.starts_with(['"', '\'', '|', '>', '[', '{', '#']) {
        return None;
    }
    let bytes = value.as_bytes();
    let at =
        (1..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))?;
    let offset = line.len() - value.len() + at;
    let cut = line[offset..].trim_end();
    Some((line[..offset].chars().count(), cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_in_figures_are_named() {
        let zw = invisible_in_number("85\u{200B}").unwrap();
        assert_eq!((zw.name, zw.index, zw.place), ("zwsp", 2, "after"));
        let fw = invisible_in_number("85\u{3000}").unwrap();
        assert_eq!((fw.name, fw.place), ("fullwidth-space", "after"));
        let inside = invisible_in_number("8\u{200B}5").unwrap();
        assert_eq!(inside.place, "inside");
        assert_eq!(invisible_in_number("\u{FEFF}85").unwrap().place, "before");
        assert_eq!(invisible_in_number("85"), None);
        assert_eq!(invisible_in_number("八十五\u{200B}"), None);
        assert_eq!(visible("85\u{200B}"), "85");
    }

    #[test]
    fn full_width_digits_units_and_commas() {
        assert!(has_fullwidth_digit("８５"));
        assert_eq!(half_width("８５．５"), "85.5");
        assert!(is_number(&half_width("８５")));
        assert_eq!(number_with_unit("85个"), Some(("85".into(), "个".into())));
        assert_eq!(number_with_unit("85 %"), Some(("85".into(), "%".into())));
        assert_eq!(number_with_unit("八十五"), None);
        assert_eq!(number_with_unit("85"), None);
        assert_eq!(number_with_unit("2019年3月"), None);
        assert_eq!(number_with_commas("12,400"), Some("12400".into()));
        assert_eq!(number_with_commas("12，400"), Some("12400".into()));
        assert_eq!(number_with_commas("a,b"), None);
    }

    #[test]
    fn labels_compare_loosely() {
        assert_eq!(loose(" 农技协 数 "), loose("农技协数"));
        assert_eq!(loose("乡镇(街道)总数"), loose("乡镇（街道）总数"));
        assert_eq!(loose("２０２０年下半年"), loose("2020年下半年"));
    }

    #[test]
    fn tags_split_on_chinese_commas() {
        let tags: Vec<&str> = split_tags("青少年科技，四长、 组织建设，").collect();
        assert_eq!(tags, ["青少年科技", "四长", "组织建设"]);
    }

    #[test]
    fn period_starts() {
        assert_eq!(period_start("2021-H1"), Some((2021, 1)));
        assert_eq!(period_start("2019-h2"), Some((2019, 7)));
        assert_eq!(period_start("2018"), Some((2018, 1)));
        assert_eq!(period_start("2019-Q3"), Some((2019, 7)));
        assert_eq!(period_start("2019-07"), Some((2019, 7)));
        assert_eq!(period_start("2020-H3"), None);
        assert_eq!(period_start("2019-13"), None);
        assert_eq!(period_start("H1"), None);
    }

    #[test]
    fn comments_that_cut_a_value() {
        assert_eq!(
            comment_cut("title: 东台市工作进展 #1", "title"),
            Some((15, "#1"))
        );
        assert_eq!(comment_cut("title: \"进展 #1\"", "title"), None);
        assert_eq!(comment_cut("title: C#语言", "title"), None);
        assert_eq!(
            comment_cut("summary: a\t# b ", "summary"),
            Some((11, "# b"))
        );
        assert_eq!(comment_cut("titles: a #b", "title"), None);
    }
}
