//! How the files of the index that a query loads in full are stored: their
//! JSON deflated (zlib format, RFC 1950) and written as a JSON string of
//! its base64, so every file stays text, and JSON, and costs about half
//! what it would plain (a block of report text, a seventh). `search.js`
//! inflates them with the browser's own `DecompressionStream`.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

/// How hard zlib works. On the benchmark corpus of 10,000 reports, level
/// 4 packs the blocks of text 4% larger than level 6 (zlib's default) in
/// two thirds of the time; level 2, 24% larger in half the time.
const LEVEL: u32 = 4;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

thread_local! {
    /// One compressor a thread, reset for each file: a new one allocates
    /// and zeroes about 300 KB of tables, which for 1,400 small files was
    /// a tenth of a build's user time.
    static COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(LEVEL), true));
}

/// `bytes` deflated in the zlib format.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|z| {
        z.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        loop {
            let read = usize::try_from(z.total_in()).unwrap_or(bytes.len());
            match z.compress_vec(
                &bytes[read.min(bytes.len())..],
                &mut out,
                FlushCompress::Finish,
            ) {
                Ok(Status::StreamEnd) => return out,
                // Out of room in `out`: it grows and the stream goes on.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(256)),
                // Deflating bytes in memory does not fail.
                Err(_) => return Vec::new(),
            }
        }
    })
}

/// `json` deflated, as the JSON string of its base64 (with padding).
pub fn pack(json: &str) -> String {
    let deflated = deflate(json.as_bytes());
    let mut out = String::with_capacity(deflated.len().div_ceil(3) * 4 + 2);
    out.push('"');
    for group in deflated.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            out.push(if i <= group.len() {
                char::from(BASE64[(n >> shift & 63) as usize])
            } else {
                '='
            });
        }
    }
    out.push('"');
    out
}

/// The JSON a file written by [`pack`] holds; `None` when it is not one.
pub fn unpack(file: &str) -> Option<String> {
    use std::io::Read as _;
    let text: String = serde_json::from_str(file).ok()?;
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let digits: Vec<u8> = text.bytes().take_while(|&b| b != b'=').collect();
    for group in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            let v = BASE64.iter().position(|&d| d == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let len = group.len().checked_sub(1)?;
        bytes.extend_from_slice(&n.to_be_bytes()[1..=len]);
    }
    let mut out = String::new();
    flate2::read::ZlibDecoder::new(&bytes[..])
        .read_to_string(&mut out)
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_files_are_json_strings_and_read_back() {
        for json in ["", "{}", "[\"乡镇科协\"]", &"村级科协，".repeat(3_000)] {
            let file = pack(json);
            let inner: String = serde_json::from_str(&file).unwrap();
            assert!(inner.bytes().all(|b| BASE64.contains(&b) || b == b'='));
            assert_eq!(inner.len() % 4, 0);
            assert_eq!(unpack(&file).as_deref(), Some(json));
        }
        // Repeated text deflates to a fraction, base64 and all.
        let text = "村级科协，".repeat(3_000);
        assert!(pack(&text).len() * 20 < text.len());
        assert_eq!(unpack("\"not base64!\""), None);
        assert_eq!(unpack("[]"), None);
    }
}
