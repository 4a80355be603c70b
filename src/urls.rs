//! Every URL the site emits, in one place, all under the base path.
//! Page URLs end in `/` and are written as `<url>index.html` on disk.

use crate::content::{Config, Period};

#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(config: &Config) -> Self {
        Urls::under(&config.base_path)
    }

    /// URLs under a base path such as `/` or `/pilot/`.
    pub fn under(base_path: &str) -> Self {
        Urls {
            base: base_path.to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// A site path ("counties/") under the base path.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn county(&self, id: &str) -> String {
        self.at(&format!("counties/{id}/"))
    }

    pub fn report(&self, county: &str, period: &Period) -> String {
        self.at(&format!("counties/{county}/{}/", period.slug()))
    }

    pub fn period(&self, period: &Period) -> String {
        self.at(&format!("periods/{}/", period.slug()))
    }

    pub fn tag(&self, slug: &str) -> String {
        self.at(&format!("tags/{}/", percent_encode(slug)))
    }

    pub fn page(&self, name: &str) -> String {
        self.at(&format!("{name}/"))
    }

    /// Page `n` (from 1) of the list at `url`: the first is `url` itself,
    /// the others `url` + `page/<n>/`, as Zola and Hugo paginate.
    pub fn paged(&self, url: &str, n: usize) -> String {
        if n <= 1 {
            url.to_string()
        } else {
            format!("{url}page/{n}/")
        }
    }

    /// The file a page URL is written to, relative to the output folder.
    pub fn file_for(&self, url: &str) -> String {
        let rel = url.strip_prefix(&self.base).unwrap_or(url);
        let rel = percent_decode(rel);
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        }
    }
}

/// A tag's URL segment: lower-case, spaces to `-`, URL-special characters
/// dropped; Chinese stays as it is (as Hugo does).
pub fn tag_slug(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        } else if c.is_alphanumeric() || (!c.is_ascii() && !c.is_control()) {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "tag".to_string()
    } else {
        out
    }
}

/// Percent-encodes everything outside the unreserved ASCII set.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_encoding() {
        assert_eq!(tag_slug("四长"), "四长");
        assert_eq!(tag_slug(" Health Care "), "health-care");
        assert_eq!(tag_slug("a/b?"), "ab");
        assert_eq!(percent_encode("四长"), "%E5%9B%9B%E9%95%BF");
        assert_eq!(percent_decode("%E5%9B%9B%E9%95%BF/"), "四长/");
    }

    #[test]
    fn the_first_page_of_a_list_is_its_own_url() {
        let urls = Urls::under("/pilot/");
        let tag = urls.tag("四长");
        assert_eq!(urls.paged(&tag, 1), tag);
        assert_eq!(urls.paged(&tag, 2), format!("{tag}page/2/"));
        assert_eq!(
            urls.file_for(&urls.paged(&tag, 3)),
            "tags/四长/page/3/index.html"
        );
    }
}
