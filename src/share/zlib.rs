//! The share links' zlib codec (RFC 1950 around RFC 1951 deflate), small on purpose.
//!
//! [`compress`] writes LZ77 matches (hash chains, lazy matching) as one fixed- or
//! dynamic-Huffman block, or stored blocks, whichever is smallest; [`decompress`] reads
//! every block type with canonical Huffman decoding after zlib's `puff.c`, stops at an
//! output limit and checks the Adler-32. Share payloads are a few KiB at most, so code size matters more than
//! speed here; the miniz_oxide crate, which this replaces in the app, is the tests' oracle.

mod deflate;
mod huffman;
mod inflate;

/// Why a zlib stream could not be inflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// The output would be longer than the limit.
    TooLarge,
    /// The stream is complete but its Adler-32 does not match the output.
    Checksum,
    /// The input ends before the stream does.
    Truncated,
    /// The header or a block is not valid zlib/deflate.
    Invalid,
}

/// Length symbols 257..=285: the base length and its count of extra bits.
const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distance symbols 0..=29: the base distance and its count of extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The order in which a dynamic block lists the code lengths of its code-length code.
const ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The fixed Huffman code lengths (RFC 1951 3.2.6) of literal/length symbol `sym`.
fn fixed_len(sym: usize) -> u8 {
    match sym {
        0..=143 => 8,
        144..=255 => 9,
        256..=279 => 7,
        _ => 8,
    }
}

/// Compresses `data` into a zlib stream. Deterministic: the same input gives the same bytes.
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    // CMF 0x78: deflate with a 32 KiB window; FLG 0xDA: the "maximum compression" level
    // miniz_oxide wrote for the links released before this codec, FCHECK so that 0x78DA
    // is a multiple of 31.
    let mut out = vec![0x78, 0xDA];
    out.extend(deflate::deflate(data));
    out.extend(adler32(data).to_be_bytes());
    out
}

/// Inflates the zlib stream `data` into at most `limit` bytes. Bytes after the checksum
/// are ignored, as zlib does.
pub(crate) fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let (Some(&cmf), Some(&flg)) = (data.first(), data.get(1)) else {
        return Err(InflateError::Truncated);
    };
    let method_ok = cmf & 0x0F == 8 && cmf >> 4 <= 7;
    let check_ok = (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0;
    // A preset dictionary is never written by share links (FDICT).
    if !method_ok || !check_ok || flg & 0x20 != 0 {
        return Err(InflateError::Invalid);
    }
    let body = data.get(2..).unwrap_or_default();
    let (out, used) = inflate::inflate(body, limit)?;
    let sum = body
        .get(used..)
        .and_then(|rest| rest.get(..4))
        .ok_or(InflateError::Truncated)?;
    if *sum != adler32(&out).to_be_bytes() {
        return Err(InflateError::Checksum);
    }
    Ok(out)
}

/// RFC 1950's Adler-32 of `data`.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5,552 bytes is the most that cannot overflow `b` between reductions.
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    b << 16 | a
}

// Native only: the oracle and proptest are not built for wasm.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
