//! RFC 1951 deflate: LZ77 over a 32 KiB window (hash chains of 3-byte prefixes, lazy
//! matching) in one block with fixed or dynamic Huffman codes, or in stored blocks,
//! whichever is smallest.

use super::huffman::{self, Code};
use super::{fixed_len, DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA, ORDER};

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// The most earlier positions tried per match: share payloads are small, so this rarely
/// binds; it keeps large repetitive inputs fast.
const MAX_CHAIN: usize = 512;
/// Past this length a match is taken without looking for a longer one a byte later.
const LAZY_LIMIT: usize = 32;

/// A literal byte (distance 0) or a match: (length, distance).
type Token = (u16, u16);

/// The deflate stream of `data` (no zlib header or checksum).
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    let tokens = lz77(data);
    let fixed_lit: Vec<u8> = (0..288).map(fixed_len).collect();
    let mut fixed = Bits::default();
    fixed.put(0b011, 3); // BFINAL, then BTYPE 01: fixed codes
    fixed.tokens(
        &tokens,
        &huffman::canonical(&fixed_lit),
        &huffman::canonical(&[5; 30]),
    );
    let fixed = fixed.finish();
    let dynamic = dynamic(&tokens);
    if stored_size(data.len()) < fixed.len().min(dynamic.len()) {
        stored(data)
    } else if dynamic.len() < fixed.len() {
        dynamic
    } else {
        fixed
    }
}

/// `data` as literals and matches.
fn lz77(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut matcher = Matcher {
        data,
        head: vec![0; 1 << HASH_BITS],
        prev: vec![0; WINDOW],
    };
    let mut i = 0;
    while let Some(&byte) = data.get(i) {
        let mut found = matcher.find(i);
        matcher.insert(i);
        if found.0 < MIN_MATCH {
            tokens.push((u16::from(byte), 0));
            i += 1;
            continue;
        }
        // Lazy matching: a longer match starting at the next byte wins over this one.
        while found.0 < LAZY_LIMIT {
            let next = matcher.find(i + 1);
            if next.0 <= found.0 {
                break;
            }
            tokens.push((data.get(i).map_or(0, |&b| u16::from(b)), 0));
            i += 1;
            matcher.insert(i);
            found = next;
        }
        let (len, dist) = found;
        // Both fit: len <= MAX_MATCH, dist <= WINDOW.
        tokens.push((len as u16, dist as u16));
        for j in i + 1..i + len {
            matcher.insert(j);
        }
        i += len;
    }
    tokens
}

/// The tokens in one dynamic block, with codes fitted to their counts.
fn dynamic(tokens: &[Token]) -> Vec<u8> {
    let mut lit_counts = [0u32; 286];
    let mut dist_counts = [0u32; 30];
    for &(x, dist) in tokens {
        let (lit, d) = symbols(x, dist);
        if let Some(c) = lit_counts.get_mut(lit) {
            *c += 1;
        }
        if let Some(c) = d.and_then(|d| dist_counts.get_mut(d)) {
            *c += 1;
        }
    }
    if let Some(c) = lit_counts.get_mut(256) {
        *c = 1;
    }
    huffman::at_least_two(&mut lit_counts);
    huffman::at_least_two(&mut dist_counts);
    let lit_lengths = huffman::lengths(&lit_counts, 15);
    let dist_lengths = huffman::lengths(&dist_counts, 15);
    // Trailing unused symbols are left out of the header (at least 257 and 1 are sent).
    let used = |lengths: &[u8], min: usize| {
        lengths
            .iter()
            .rposition(|&l| l > 0)
            .map_or(min, |i| (i + 1).max(min))
    };
    let nlit = used(&lit_lengths, 257);
    let ndist = used(&dist_lengths, 1);
    let all: Vec<u8> = lit_lengths
        .iter()
        .take(nlit)
        .chain(dist_lengths.iter().take(ndist))
        .copied()
        .collect();
    let runs = huffman::runs(&all);
    let mut run_counts = [0u32; 19];
    for &(sym, _) in &runs {
        if let Some(c) = run_counts.get_mut(sym) {
            *c += 1;
        }
    }
    huffman::at_least_two(&mut run_counts);
    let run_lengths = huffman::lengths(&run_counts, 7);
    let run_codes = huffman::canonical(&run_lengths);
    let order_lengths: Vec<u8> = ORDER
        .iter()
        .map(|&s| run_lengths.get(s).copied().unwrap_or(0))
        .collect();
    let ncode = used(&order_lengths, 4);

    let mut out = Bits::default();
    out.put(0b101, 3); // BFINAL, then BTYPE 10: dynamic codes
    out.put((nlit - 257) as u32, 5);
    out.put((ndist - 1) as u32, 5);
    out.put((ncode - 4) as u32, 4);
    for &len in order_lengths.iter().take(ncode) {
        out.put(u32::from(len), 3);
    }
    for &(sym, extra) in &runs {
        out.code(run_codes.get(sym));
        let bits = match sym {
            16 => 2,
            17 => 3,
            18 => 7,
            _ => 0,
        };
        out.put(extra, bits);
    }
    let lit_codes = huffman::canonical(&lit_lengths);
    let dist_codes = huffman::canonical(&dist_lengths);
    out.tokens(tokens, &lit_codes, &dist_codes);
    out.finish()
}

/// A token's literal/length symbol and, for a match, its distance symbol.
fn symbols(x: u16, dist: u16) -> (usize, Option<usize>) {
    if dist == 0 {
        return (usize::from(x), None);
    }
    (257 + index(&LEN_BASE, x), Some(index(&DIST_BASE, dist)))
}

/// The index of the last base at most `value`: the symbol whose range holds it.
fn index(bases: &[u16], value: u16) -> usize {
    bases.iter().rposition(|&b| b <= value).unwrap_or(0)
}

/// The size of `data` in stored blocks.
fn stored_size(len: usize) -> usize {
    len + 5 * len.div_ceil(0xFFFF).max(1)
}

/// `data` in stored blocks of at most 65,535 bytes, the last one final.
fn stored(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(stored_size(data.len()));
    let mut chunks = data.chunks(0xFFFF).peekable();
    loop {
        let chunk = chunks.next().unwrap_or_default();
        let last = chunks.peek().is_none();
        let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        out.push(u8::from(last));
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend_from_slice(chunk);
        if last {
            return out;
        }
    }
}

/// Earlier positions by the hash of their first three bytes, each chained to the previous
/// one with the same hash. Positions are stored plus one, so 0 means none.
struct Matcher<'a> {
    data: &'a [u8],
    head: Vec<u32>,
    prev: Vec<u32>,
}

impl Matcher<'_> {
    fn hash(&self, i: usize) -> Option<usize> {
        let &[a, b, c] = self.data.get(i..i + MIN_MATCH)? else {
            return None;
        };
        let key = u32::from_le_bytes([a, b, c, 0]).wrapping_mul(0x9E37_79B1);
        Some((key >> (32 - HASH_BITS)) as usize)
    }

    /// Records position `i` (each position once, in increasing order).
    fn insert(&mut self, i: usize) {
        let (Some(h), Ok(pos)) = (self.hash(i), u32::try_from(i + 1)) else {
            return;
        };
        if let (Some(head), Some(prev)) = (self.head.get_mut(h), self.prev.get_mut(i % WINDOW)) {
            *prev = *head;
            *head = pos;
        }
    }

    /// The longest earlier match for position `i`, as (length, distance); length 0 if none.
    fn find(&self, i: usize) -> (usize, usize) {
        let (Some(h), Some(here)) = (self.hash(i), self.data.get(i..)) else {
            return (0, 0);
        };
        let max = here.len().min(MAX_MATCH);
        let mut best = (0, 0);
        let mut cand = self.head.get(h).map_or(0, |&p| p as usize);
        for _ in 0..MAX_CHAIN {
            let Some(p) = cand.checked_sub(1) else { break };
            let dist = i.saturating_sub(p);
            if dist == 0 || dist > WINDOW {
                break;
            }
            let there = self.data.get(p..).unwrap_or_default();
            // A longer match must differ from the best so far at its last byte.
            if there.get(best.0) == here.get(best.0) {
                let len = here
                    .iter()
                    .zip(there)
                    .take(max)
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best.0 {
                    best = (len, dist);
                    if len == max {
                        break;
                    }
                }
            }
            let next = self.prev.get(p % WINDOW).map_or(0, |&q| q as usize);
            if next >= cand {
                break;
            }
            cand = next;
        }
        best
    }
}

/// The output, written least significant bit first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    buf: u64,
    count: u32,
}

impl Bits {
    /// Writes the low `n` (at most 32) bits of `value`.
    fn put(&mut self, value: u32, n: u32) {
        self.buf |= u64::from(value) << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.count -= 8;
        }
    }

    fn code(&mut self, code: Option<&Code>) {
        if let Some(code) = code {
            self.put(code.bits, code.len);
        }
    }

    /// The tokens in these codes, then the end-of-block symbol.
    fn tokens(&mut self, tokens: &[Token], lit: &[Code], dist: &[Code]) {
        for &(x, d) in tokens {
            let (sym, dsym) = symbols(x, d);
            self.code(lit.get(sym));
            if let Some(dsym) = dsym {
                let i = sym - 257;
                self.extra(x, LEN_BASE.get(i), LEN_EXTRA.get(i));
                self.code(dist.get(dsym));
                self.extra(d, DIST_BASE.get(dsym), DIST_EXTRA.get(dsym));
            }
        }
        self.code(lit.get(256));
    }

    /// A length's or distance's offset from its symbol's base, in the symbol's extra bits.
    fn extra(&mut self, value: u16, base: Option<&u16>, bits: Option<&u8>) {
        if let (Some(&base), Some(&bits)) = (base, bits) {
            self.put(u32::from(value.saturating_sub(base)), u32::from(bits));
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.buf as u8);
        }
        self.out
    }
}
