//! Tests that every `f64` formats exactly as std's `{:?}` and `{}` do: edge values,
//! formatter flags, short decimals and random bit patterns.

use super::*;

fn check(f: f64) {
    assert_eq!(debug(f), format!("{f:?}"), "{:#x}", f.to_bits());
    assert_eq!(display(f), f.to_string(), "{:#x}", f.to_bits());
    let d = DebugF64(f);
    assert_eq!(format!("{d:?}"), format!("{f:?}"), "{:#x}", f.to_bits());
}

/// `DebugF64` against `f64` under each format spec.
macro_rules! check_flags {
    ($f:expr, $($spec:literal),+) => {
        $(
            assert_eq!(
                format!($spec, DebugF64($f)),
                format!($spec, $f),
                "{} {:#x}", $spec, $f.to_bits()
            );
        )+
    };
}

fn check_all_flags(f: f64) {
    check_flags!(
        f, "{:?}", "{:#?}", "{:+?}", "{:12?}", "{:<12?}", "{:^12?}", "{:*>12?}", "{:_^13?}",
        "{:012?}", "{:+012?}", "{:<012?}", "{:3?}", "{:.0?}", "{:.1?}", "{:.2?}", "{:.3?}",
        "{:.5?}", "{:.17?}", "{:.30?}", "{:+.2?}", "{:09.2?}", "{:>9.1?}", "{:+.0?}"
    );
}

#[test]
fn debug_honours_the_formatters_flags() {
    let cases = [
        0.0,
        -0.0,
        0.5,
        1.5,
        2.5,
        -2.5,
        0.125,
        0.375,
        0.05,
        0.25,
        9.5,
        99.5,
        0.95,
        0.995,
        1e-7,
        1e-300,
        5e-324,
        1e16,
        1e300,
        f64::MAX,
        123.456,
        -0.001,
        0.6,
        0.4,
        0.0005,
        0.0015,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for f in cases {
        check_all_flags(f);
    }
    let mut state = 0x853c_49e6_748f_ea9b;
    for _ in 0..2_000 {
        check_all_flags(f64::from_bits(xorshift(&mut state)));
        let r = xorshift(&mut state);
        let short: f64 = format!("{}e{}", r % 100_000, (r >> 20) % 12)
            .parse()
            .unwrap_or(0.0);
        check_all_flags(short / 1000.0);
    }
}

#[test]
fn edge_values_format_as_std_does() {
    let cases = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.5,
        1.5,
        8.5,
        1000.0,
        1e3,
        1e15,
        9_999_999_999_999_998.0,
        1e16,
        1e17,
        1e20,
        1e21,
        1e22,
        1e23,
        1.7976931348623157e308,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        f64::from_bits(0x000f_ffff_ffff_ffff),
        1e-4,
        0.000_099_999_999_999_999_99,
        1e-5,
        1.5e-7,
        1e-7,
        123.456,
        0.3,
        2.0f64.powi(60),
        2.0f64.powi(-60),
        2.0f64.powi(1023),
        2.0f64.powi(-1022),
        3.402823669209385e38,
        9007199254740993.0,
        4.35,
        0.1 + 0.2,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for f in cases {
        check(f);
    }
    // Exactly half way between two shortest candidates (…516.875, …000.25): std
    // rounds up.
    for bits in [0x42eb_3038_c11c_439c, 0x4315_62a6_16f2_6001] {
        check(f64::from_bits(bits));
    }
}

/// A xorshift generator: the same values on every run.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn random_bit_patterns_format_as_std_does() {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        check(f64::from_bits(xorshift(&mut state)));
    }
}

#[test]
fn short_decimals_format_as_std_does() {
    // What people type: few digits, any exponent; and their neighbours.
    let mut state = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20_000 {
        let r = xorshift(&mut state);
        let digits = (r % 1_000_000) as f64;
        let exp = ((r >> 20) % 80) as i32 - 40;
        let f: f64 = format!("{digits}e{exp}").parse().unwrap_or(0.0);
        check(f);
        check(f64::from_bits(f.to_bits() + 1));
        check(f64::from_bits(f.to_bits().saturating_sub(1)));
    }
}
