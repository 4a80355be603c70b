//! Lists that grow with the number of counties or reports, cut into pages
//! of [`PAGE_SIZE`] items so that no page grows with the site: the county
//! list, a period's and a tag's reports, a metric's county × period table.
//! The first page of a list is at the list's own URL, page n at
//! `<url>page/<n>/` (Zola's and Hugo's convention); a list that fits on one
//! page has no pager at all. Pure: page numbers, item ranges and the
//! pager's links, nothing else.

use std::ops::Range;

use serde::Serialize;

use super::Prepared;
use crate::urls::Urls;

/// How many items one page of a list holds: a hundred counties' rows of a
/// metric's table over twenty periods is about 130 KB of HTML, a hundred
/// reports with their summaries about 50 KB.
pub const PAGE_SIZE: usize = 100;

/// How many numbered links the pager shows either side of the current page
/// (the first and the last page are always linked), so the pager itself
/// stays the same size however many pages there are.
const NEIGHBOURS: usize = 2;

/// How many pages a list of `len` items fills: at least one, so an empty
/// list still has its page.
pub fn page_count(len: usize) -> usize {
    len.div_ceil(PAGE_SIZE).max(1)
}

/// The items on page `n` (from 1) of a list of `len` items.
pub fn items(n: usize, len: usize) -> Range<usize> {
    let start = n.saturating_sub(1).saturating_mul(PAGE_SIZE).min(len);
    start..(start + PAGE_SIZE).min(len)
}

/// Where the items `range` of a list made of consecutive sections of
/// `lens` items fall in each section: the range within each (empty where
/// the page holds none of it).
pub fn sections<const N: usize>(range: Range<usize>, lens: [usize; N]) -> [Range<usize>; N] {
    let mut start = 0;
    lens.map(|len| {
        let end = start + len;
        let within = range.start.clamp(start, end) - start..range.end.clamp(start, end) - start;
        start = end;
        within
    })
}

/// The links between the pages of a list, as the template shows them.
#[derive(Serialize)]
pub struct Pager {
    /// The page shown, from 1.
    pub current: usize,
    pub total: usize,
    /// "第 2 页，共 30 页".
    pub label: String,
    /// "第 101–200 项，共 2,950 项".
    pub range: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first page, the last, and the current one's neighbours.
    pub numbers: Vec<PagerNumber>,
}

#[derive(Serialize)]
pub struct PagerNumber {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages are skipped between the one before and this one.
    pub gap_before: bool,
    /// "第 3 页", for screen readers.
    pub label: String,
}

/// The page numbers the pager links to: the first, the last, and the
/// current page with its [`NEIGHBOURS`], in order; a gap of one page is
/// filled with that page rather than marked "…".
fn numbers(current: usize, total: usize) -> Vec<usize> {
    let mut low = current.saturating_sub(NEIGHBOURS).max(1);
    let mut high = (current + NEIGHBOURS).min(total);
    if low == 3 {
        low = 2;
    }
    if high + 2 == total {
        high = total - 1;
    }
    let mut out = vec![1];
    out.extend((low..=high).filter(|n| *n != 1 && *n != total));
    if total > 1 {
        out.push(total);
    }
    out
}

/// The UI strings a pager is written with.
pub struct Words<'a> {
    /// "第 {n} 页，共 {total} 页"
    pub page_of: &'a str,
    /// "第 {n} 页"
    pub page: &'a str,
    /// "第 {from}–{to} 项，共 {count} 项"
    pub range: &'a str,
}

impl Pager {
    /// The pager of page `n` of a list of `len` items whose first page is
    /// at `url`; `None` when the list fits on one page.
    pub fn new(urls: &Urls, url: &str, n: usize, len: usize, words: &Words) -> Option<Pager> {
        let total = page_count(len);
        if total <= 1 {
            return None;
        }
        let at = |k: usize| urls.paged(url, k);
        let shown = items(n, len);
        let mut last = 0;
        let numbers = numbers(n, total)
            .into_iter()
            .map(|k| {
                let number = PagerNumber {
                    number: k,
                    url: at(k),
                    current: k == n,
                    gap_before: k > last + 1,
                    label: words.page.replace("{n}", &k.to_string()),
                };
                last = k;
                number
            })
            .collect();
        Some(Pager {
            current: n,
            total,
            label: words
                .page_of
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string()),
            range: words
                .range
                .replace("{from}", &(shown.start + 1).to_string())
                .replace("{to}", &shown.end.to_string())
                .replace("{count}", &len.to_string()),
            previous: (n > 1).then(|| at(n - 1)),
            next: (n < total).then(|| at(n + 1)),
            numbers,
        })
    }
}

impl Prepared {
    /// The pager of page `n` of a list of `len` items at `url`, in the
    /// theme's words.
    pub(super) fn pager(&self, url: &str, n: usize, len: usize) -> Option<Pager> {
        let t = |key: &'static str| self.theme.strings.get(key).map_or(key, String::as_str);
        let words = Words {
            page_of: t("page_n_of"),
            page: t("page_n"),
            range: t("page_items"),
        };
        Pager::new(&self.urls, url, n, len, &words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_page_size_items_and_the_last_the_rest() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
        assert_eq!(items(1, 0), 0..0);
        assert_eq!(items(1, 5), 0..5);
        assert_eq!(items(2, 2 * PAGE_SIZE + 3), PAGE_SIZE..2 * PAGE_SIZE);
        assert_eq!(
            items(3, 2 * PAGE_SIZE + 3),
            2 * PAGE_SIZE..2 * PAGE_SIZE + 3
        );
        // Every item is on exactly one page.
        for len in [0, 1, 99, 100, 101, 250, 3000] {
            let all: Vec<usize> = (1..=page_count(len)).flat_map(|n| items(n, len)).collect();
            assert_eq!(all, (0..len).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_page_across_sections_takes_the_end_of_one_and_the_start_of_the_next() {
        assert_eq!(sections(0..100, [30, 200]), [0..30, 0..70]);
        assert_eq!(sections(100..200, [30, 200]), [30..30, 70..170]);
        assert_eq!(sections(200..230, [30, 200]), [30..30, 170..200]);
        assert_eq!(sections(0..5, [0, 5, 0]), [0..0, 0..5, 0..0]);
    }

    #[test]
    fn the_pager_links_the_ends_and_the_neighbours() {
        assert_eq!(numbers(1, 2), [1, 2]);
        assert_eq!(numbers(1, 30), [1, 2, 3, 30]);
        assert_eq!(numbers(10, 30), [1, 8, 9, 10, 11, 12, 30]);
        assert_eq!(numbers(30, 30), [1, 28, 29, 30]);
        // Never "1 … 3" or "3 … 5": the one page between is shown.
        assert_eq!(numbers(1, 5), [1, 2, 3, 4, 5]);
        assert_eq!(numbers(5, 30), [1, 2, 3, 4, 5, 6, 7, 30]);
        assert_eq!(numbers(26, 30), [1, 24, 25, 26, 27, 28, 29, 30]);
        for total in 2..40 {
            for n in 1..=total {
                let shown = numbers(n, total);
                assert!(shown.len() <= 2 * NEIGHBOURS + 5);
                let gaps = shown.windows(2).filter(|w| w[1] > w[0] + 1);
                assert!(
                    gaps.clone().all(|w| w[1] > w[0] + 2),
                    "{n} of {total}: {shown:?}"
                );
                assert!(shown.windows(2).all(|w| w[0] < w[1]));
                assert!(shown.contains(&n) && shown.contains(&1) && shown.contains(&total));
            }
        }
    }

    #[test]
    fn a_list_on_one_page_has_no_pager() {
        let urls = Urls::under("/");
        let words = Words {
            page_of: "Page {n} of {total}",
            page: "Page {n}",
            range: "{from}–{to} of {count}",
        };
        assert!(Pager::new(&urls, "/counties/", 1, PAGE_SIZE, &words).is_none());
        let p = Pager::new(&urls, "/counties/", 2, 2 * PAGE_SIZE + 1, &words).expect("pager");
        assert_eq!(p.label, "Page 2 of 3");
        assert_eq!(p.range, "101–200 of 201");
        assert_eq!(p.previous.as_deref(), Some("/counties/"));
        assert_eq!(p.next.as_deref(), Some("/counties/page/3/"));
        let numbers: Vec<(usize, bool, bool)> = p
            .numbers
            .iter()
            .map(|x| (x.number, x.current, x.gap_before))
            .collect();
        assert_eq!(
            numbers,
            [(1, false, false), (2, true, false), (3, false, false)]
        );
        let last = Pager::new(&urls, "/counties/", 9, 9 * PAGE_SIZE, &words).expect("pager");
        assert_eq!(last.next, None);
        assert!(last.numbers[1].gap_before, "1 … 7 8 9");
        assert_eq!(last.numbers[1].number, 7);
    }
}
