//! The codec against miniz_oxide: each inflates what the other deflates, on share payloads,
//! text, random and skewed bytes up to 300 KB; limits, truncations, flipped bits and
//! garbage are errors (never panics), and whenever both accept a damaged stream they agree.

use super::huffman;
use super::*;
use crate::presets::PRESETS;
use miniz_oxide::deflate::compress_to_vec_zlib;
use miniz_oxide::inflate::decompress_to_vec_zlib;
use proptest::prelude::*;

const BIG: usize = 1 << 20;

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Comma-separated pseudo-random CIDRs, like a long share payload.
fn cidrs(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut text = String::from("{\"aws\":{\"apiCidrs\":\"");
    for _ in 0..n {
        let [a, b, c, d, ..] = rng.next().to_be_bytes();
        let prefix = [32, 24, 28, 30][rng.below(4)];
        text.push_str(&format!("{a}.{b}.{c}.{d}/{prefix}, "));
    }
    text.push_str("\"}}");
    text.into_bytes()
}

/// Words from a small vocabulary: text with matches at every distance.
fn words(rng: &mut Rng, len: usize) -> Vec<u8> {
    const WORDS: [&str; 12] = [
        "egress",
        "ingress",
        "namespace",
        "cidr",
        "port",
        "443",
        "kube-system",
        "dns",
        "okta",
        "policy",
        "\n",
        "  ",
    ];
    let mut out = Vec::new();
    while out.len() < len {
        out.extend_from_slice(WORDS[rng.below(WORDS.len())].as_bytes());
        out.push(b' ');
    }
    out.truncate(len);
    out
}

/// Symbol i appears about fib(i) times, shuffled: a Huffman tree deeper than 15 bits.
fn skewed(rng: &mut Rng) -> Vec<u8> {
    let (mut a, mut b) = (1usize, 1usize);
    let mut out = Vec::new();
    for sym in 0..24u8 {
        out.extend(std::iter::repeat_n(sym, a));
        (a, b) = (b, a + b);
    }
    for i in (1..out.len()).rev() {
        out.swap(i, rng.below(i + 1));
    }
    out
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("one byte".into(), vec![b'{']),
        ("two bytes".into(), vec![0, 0]),
        ("zeros 300K".into(), vec![0; 300_000]),
        ("abc 300K".into(), b"abc".repeat(100_000)),
        ("skewed".into(), skewed(&mut rng)),
        ("text 300K".into(), words(&mut rng, 300_000)),
        ("random 300K".into(), rng.bytes(300_000)),
        ("cidrs 100".into(), cidrs(&mut rng, 100)),
        ("cidrs 5000".into(), cidrs(&mut rng, 5000)),
    ];
    for p in PRESETS {
        out.push((
            p.id.into(),
            crate::share::payload(&(p.build)()).into_bytes(),
        ));
    }
    for n in [3, 17, 258, 259, 4096, 65_535, 65_536, 70_000] {
        out.push((format!("random {n}"), rng.bytes(n)));
        out.push((format!("text {n}"), words(&mut rng, n)));
    }
    out
}

#[test]
fn we_inflate_what_miniz_deflates() {
    for (name, data) in inputs() {
        for level in [0, 1, 6, 10] {
            let packed = compress_to_vec_zlib(&data, level);
            assert_eq!(
                decompress(&packed, BIG),
                Ok(data.clone()),
                "{name} level {level}"
            );
        }
    }
}

#[test]
fn miniz_inflates_what_we_deflate() {
    for (name, data) in inputs() {
        let packed = compress(&data);
        let theirs = decompress_to_vec_zlib(&packed).map_err(|e| format!("{name}: {e:?}"));
        assert_eq!(theirs.as_ref(), Ok(&data), "{name}");
        assert_eq!(decompress(&packed, BIG), Ok(data.clone()), "{name}");
        assert_eq!(compress(&data), packed, "{name}: not deterministic");
        // Never much worse than storing, and as good as miniz's best on share payloads.
        let stored = data.len() + 5 * data.len().div_ceil(0xFFFF).max(1) + 6;
        assert!(packed.len() <= stored, "{name}");
        if PRESETS.iter().any(|p| p.id == name) || name.starts_with("cidrs") {
            let best = compress_to_vec_zlib(&data, 10).len();
            assert!(
                packed.len() * 100 <= best * 102,
                "{name}: {} vs {best}",
                packed.len()
            );
        }
    }
}

#[test]
fn the_limit_is_inclusive() {
    for (name, data) in inputs().into_iter().filter(|(_, d)| !d.is_empty()) {
        let n = data.len();
        for packed in [compress(&data), compress_to_vec_zlib(&data, 0)] {
            assert_eq!(decompress(&packed, n), Ok(data.clone()), "{name}");
            assert_eq!(
                decompress(&packed, n - 1),
                Err(InflateError::TooLarge),
                "{name}"
            );
        }
    }
}

#[test]
fn a_bomb_stops_at_the_limit() {
    let packed = compress_to_vec_zlib(&vec![0; 1 << 20], 10);
    assert!(packed.len() < 2000, "{}", packed.len());
    assert_eq!(decompress(&packed, 256 * 1024), Err(InflateError::TooLarge));
}

/// Streams of every block type: stored, fixed and dynamic, ours and miniz's.
fn samples() -> Vec<Vec<u8>> {
    let mut rng = Rng(7);
    let json = crate::share::payload(&(PRESETS[1].build)()).into_bytes();
    vec![
        compress(b""),
        compress(b"hello, hello, hello"),
        compress(&json),
        compress(&cidrs(&mut rng, 20)),
        compress_to_vec_zlib(&json, 0),
        compress_to_vec_zlib(&json, 1),
        compress_to_vec_zlib(&words(&mut rng, 3000), 6),
        compress(&rng.bytes(200)),
    ]
}

#[test]
fn every_truncation_is_an_error() {
    for packed in samples() {
        assert!(decompress(&packed, BIG).is_ok());
        for n in 0..packed.len() {
            let cut = packed.get(..n).unwrap_or_default();
            assert_eq!(decompress(cut, BIG), Err(InflateError::Truncated), "{n}");
        }
    }
}

/// Ours must never panic, and when both accept a stream they must read the same bytes.
fn agrees_with_miniz(packed: &[u8]) {
    if let (Ok(ours), Ok(theirs)) = (decompress(packed, BIG), decompress_to_vec_zlib(packed)) {
        assert_eq!(ours, theirs, "{packed:?}");
    }
}

#[test]
fn flipped_bits_and_bytes_never_panic() {
    let mut rng = Rng(11);
    for packed in samples() {
        let original = decompress(&packed, BIG);
        for bit in 0..packed.len() * 8 {
            let mut bad = packed.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            agrees_with_miniz(&bad);
            // Past the header a flip either fails or reads what was written (a flip in
            // the padding bits before the checksum changes nothing).
            if let Ok(out) = decompress(&bad, BIG) {
                if bit >= 16 {
                    assert_eq!(Ok(out), original, "bit {bit}");
                }
            }
        }
        for _ in 0..2000 {
            let mut bad = packed.clone();
            let at = rng.below(bad.len());
            bad[at] = rng.next() as u8;
            agrees_with_miniz(&bad);
        }
    }
}

#[test]
fn garbage_never_panics() {
    let mut rng = Rng(13);
    for _ in 0..20_000 {
        let len = rng.below(300);
        let mut bad = rng.bytes(len);
        // Mostly behind a valid header, so the block reader sees it.
        if rng.below(4) > 0 {
            bad.splice(..0, [0x78, 0x9C]);
        }
        agrees_with_miniz(&bad);
    }
}

#[test]
fn errors_are_classified() {
    let mut good = compress(b"a share payload, a share payload");
    let n = good.len();
    good[n - 1] ^= 1;
    assert_eq!(decompress(&good, BIG), Err(InflateError::Checksum));
    let cases: [(&[u8], InflateError); 8] = [
        (&[], InflateError::Truncated),
        (&[0x78], InflateError::Truncated),
        (&[0x78, 0x9D, 3, 0, 0, 0, 0, 1], InflateError::Invalid), // FCHECK
        (&[0x77, 0x85, 3, 0, 0, 0, 0, 1], InflateError::Invalid), // method 7
        (&[0x88, 0x98, 3, 0, 0, 0, 0, 1], InflateError::Invalid), // 64 KiB window
        (&[0x78, 0xBB, 0, 0, 0, 1, 3, 0], InflateError::Invalid), // FDICT
        (&[0x78, 0x9C, 7, 0, 0, 0, 0, 1], InflateError::Invalid), // block type 3
        (&[0x78, 0x9C, 1, 1, 0, 0xFF, 0xFF, 0], InflateError::Invalid), // LEN != !NLEN
    ];
    for (data, want) in cases {
        assert_eq!(decompress(data, BIG), Err(want), "{data:?}");
    }
    // A fixed block whose first symbol is a match (length 3, distance 1): nothing to copy.
    let far = [0x78, 0x9C, 0x03, 0x02, 0x00];
    assert_eq!(decompress(&far, BIG), Err(InflateError::Invalid));
}

#[test]
fn adler32_matches_the_rfc_example() {
    // RFC 1950 test value from zlib: adler32("Wikipedia") = 0x11E60398.
    assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    assert_eq!(adler32(b""), 1);
    let long = vec![0xFF; 100_000];
    let packed = compress_to_vec_zlib(&long, 1);
    let tail: [u8; 4] = packed[packed.len() - 4..].try_into().expect("4 bytes");
    assert_eq!(adler32(&long), u32::from_be_bytes(tail));
}

#[test]
fn code_lengths_are_complete_and_limited() {
    let fib: Vec<u32> = (0..30)
        .scan((1u32, 1u32), |s, _| {
            let v = s.0;
            *s = (s.1, s.0 + s.1);
            Some(v)
        })
        .collect();
    let mut rng = Rng(3);
    let random: Vec<u32> = (0..286).map(|_| rng.below(1000) as u32).collect();
    for (counts, limit) in [
        (&fib[..], 15),
        (&fib[..19], 7),
        (&random[..], 15),
        (&[0, 5][..], 7),
    ] {
        let mut counts = counts.to_vec();
        huffman::at_least_two(&mut counts);
        let lengths = huffman::lengths(&counts, limit);
        assert!(lengths.iter().all(|&l| l <= limit), "{lengths:?}");
        // Kraft: the code is complete, so decoders accept it.
        let kraft: u64 = lengths
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 1u64 << (15 - l))
            .sum();
        assert_eq!(kraft, 1 << 15, "{lengths:?}");
        let used = counts
            .iter()
            .zip(&lengths)
            .all(|(&c, &l)| (c > 0) == (l > 0));
        assert!(used, "{counts:?} {lengths:?}");
    }
}

proptest! {
    #[test]
    fn any_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let packed = compress(&data);
        prop_assert_eq!(decompress(&packed, BIG), Ok(data.clone()));
        prop_assert_eq!(decompress_to_vec_zlib(&packed).ok(), Some(data.clone()));
        prop_assert_eq!(decompress(&compress_to_vec_zlib(&data, 6), BIG), Ok(data));
    }

    #[test]
    fn small_alphabets_round_trip(data in proptest::collection::vec(0u8..4, 0..8192)) {
        let packed = compress(&data);
        prop_assert_eq!(decompress(&packed, BIG), Ok(data.clone()));
        prop_assert_eq!(decompress_to_vec_zlib(&packed).ok(), Some(data));
    }
}
