//! The number and set encodings of the search index: numbers as
//! variable-length base-32 digits in a 64-character alphabet that needs no
//! escaping in a JavaScript string ([`put`]), and sets of documents as runs
//! or bitsets ([`encode_set`]). search.js reads them back.

/// The 64 digits: the first 32 end a number, the last 32 continue it.
pub(super) const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `v` as big-endian base-32 digits: every digit but the last is
/// taken from the upper half of [`ALPHABET`].
pub(super) fn put(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 14];
    let mut i = buf.len() - 1;
    buf[i] = ALPHABET[(v & 31) as usize];
    v >>= 5;
    while v > 0 {
        i -= 1;
        buf[i] = ALPHABET[32 + (v & 31) as usize];
        v >>= 5;
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

/// Encodes an ascending set of document numbers: `r` + runs (gap from the
/// end of the previous run, length − 1), or `b` + a bitset six documents a
/// digit, whichever is shorter.
pub(super) fn encode_set(docs: &[u32], total: usize) -> String {
    let mut runs = String::from("r");
    let mut i = 0;
    let mut end = 0u32;
    while i < docs.len() {
        let start = docs[i];
        let mut j = i;
        while j + 1 < docs.len() && docs[j + 1] == docs[j] + 1 {
            j += 1;
        }
        put(&mut runs, (start - end) as u64);
        put(&mut runs, (j - i) as u64);
        end = docs[j] + 1;
        i = j + 1;
    }
    let bits_len = total.div_ceil(6) + 1;
    if runs.len() <= bits_len {
        return runs;
    }
    let mut bits = vec![0u8; total.div_ceil(6)];
    for &d in docs {
        bits[d as usize / 6] |= 1 << (d % 6);
    }
    let mut s = String::with_capacity(bits.len() + 1);
    s.push('b');
    s.extend(bits.into_iter().map(|b| ALPHABET[b as usize] as char));
    s
}
