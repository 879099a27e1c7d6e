//! Tests that [`from_decimal`] reads every decimal as std's `str::parse::<f64>` does, bit
//! for bit: edge values, syntax errors, random floats in std's own spellings and random
//! short decimals.

use super::*;

/// The same float (NaN never comes out) or the same error; std's `inf`/`nan` spellings
/// are the one difference, and [`from_decimal`] rejects them.
fn check(text: &str) {
    let ours = from_decimal(text).map(f64::to_bits);
    let std = text.parse::<f64>().ok();
    match std {
        Some(f)
            if !f.is_finite()
                && text
                    .bytes()
                    .any(|b| b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E')) =>
        {
            assert_eq!(ours, None, "{text}");
        }
        _ => assert_eq!(ours, std.map(f64::to_bits), "{text}"),
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
fn edge_values_read_as_std_reads_them() {
    let cases = [
        "0",
        "-0",
        "+0",
        "0.0",
        "-0.0",
        "0e999999",
        "-0e-999999",
        "000000.000000",
        "1",
        "-1",
        "5e-324",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.4703282292062326e-324",
        "2.470328229206232720882538e-324",
        "2.470328229206232720882539e-324",
        "2.470328229206232720882537e-324",
        "7.4109846876186981626485318930233205854758970392148714663837852375101326090531312779794975454245398856969484704316857659638998506553390969459816219401617281718945106978546710679176872575177347315553307795408549809608457500958111373034747658096871009590975442271004757307809711118935784838675653998783503015228055934046593739791790738723868299395818481660169122019456499931289798411362062484498678713572180352209017023903285791732520220528974020802906854021606612375549983402671300035812486479041385743401875520901590172592547146296175134159774938718574737870961645638908718119841271673056017045493004705269590165763776884908267986972573366521765567941072508764337560846003984904972149117463085539556354188641513168478436313080237596295773983001708984375e-324",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072014e-308",
        "2.225073858507201136057409796709131975934819546351645648e-308",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1.797693134862315807937289714053e308",
        "1.797693134862315708145274237317043567981e308",
        "1.8e308",
        "-1.8e308",
        "9007199254740993",
        "9007199254740992",
        "9007199254740994",
        "9007199254740995",
        "9007199254740993.0000000000000000000000000001",
        "9007199254740992.9999999999999999999999999999",
        "18446744073709551615",
        "18446744073709551616",
        "9999999999999999999",
        "0.1",
        "0.3",
        "1e23",
        "1e22",
        "8.98846567431158e307",
        "8.98846567431157953864652595394512366e307",
        "1e-400",
        "1e400",
        "1e99999999999999999999",
        "-1e99999999999999999999",
        "1e-99999999999999999999",
        "0.00000000000000000000000000000000000000000000000000001e99999999999999999999",
        "123456789012345678901234567890e-99999999999999999999",
        ".5",
        "5.",
        "+.5e-3",
        "-.5E+3",
        "1E5",
        "00001.25000",
        "3.14159265358979323846264338327950288",
        "inf",
        "-inf",
        "+infinity",
        "Infinity",
        "INF",
        "NaN",
        "nan",
        "-NaN",
        "",
        ".",
        "+",
        "-",
        "+.",
        "e5",
        ".e5",
        "1e",
        "1e+",
        "1e-",
        "1E+-5",
        "--1",
        "+-1",
        "1_0",
        " 1",
        "1 ",
        "1.2.3",
        "1e5.5",
        "0x10",
        "1f",
        "infx",
        "nana",
        "1,5",
    ];
    for text in cases {
        check(text);
    }
    // 800 digits on each side of a halfway point, and exactly on it.
    let halfway = "9007199254740993";
    for tail in ["", "0", "1"] {
        for zeros in [0, 10, 780, 800, 1000] {
            let text = format!("{halfway}.{}{tail}", "0".repeat(zeros));
            check(&text);
            let below = format!("9007199254740992.{}{tail}", "9".repeat(zeros));
            check(&below);
        }
    }
    // The exact halfway point between 5e-324 and 1e-323, and its neighbours.
    let exact = "7.4109846876186981626485318930233205854758970392148714663837852375101326090531312779794975454245398856969484704316857659638998506553390969459816219401617281718945106978546710679176872575177347315553307795408549809608457500958111373034747658096871009590975442271004757307809711118935784838675653998783503015228055934046593739791790738723868299395818481660169122019456499931289798411362062484498678713572180352209017023903285791732520220528974020802906854021606612375549983402671300035812486479041385743401875520901590172592547146296175134159774938718574737870961645638908718119841271673056017045493004705269590165763776884908267986972573366521765567941072508764337560846003984904972149117463085539556354188641513168478436313080237596295773983001708984375";
    for suffix in ["e-324", "0000000000000001e-324", "e-323"] {
        check(&format!("{exact}{suffix}"));
    }
    check(&format!("{}e-324", exact.replace("375", "374")));
    check(&format!("{}1e-1100", "1".repeat(900)));
    check(&format!("0.{}1", "0".repeat(1000)));
    check(&"9".repeat(400));
}

#[test]
fn random_floats_read_back_as_std_reads_them() {
    let mut state = 0x6c07_8965_d1b1_2a4f;
    for _ in 0..200_000 {
        let f = f64::from_bits(xorshift(&mut state));
        if f.is_finite() {
            check(&format!("{f:?}"));
            check(&format!("{f:e}"));
            check(&format!("{f:.17e}"));
        }
    }
}

#[test]
fn random_short_decimals_read_as_std_reads_them() {
    let mut state = 0x2f1b_a4c3_96d8_e571;
    let mut text = String::new();
    for _ in 0..200_000 {
        let r = xorshift(&mut state);
        let length = 1 + (r % 20) as usize;
        let digits = xorshift(&mut state);
        text.clear();
        match r >> 8 & 3 {
            0 => text.push('-'),
            1 => text.push('+'),
            _ => {}
        }
        let point = (r >> 16) as usize % (length + 2);
        for i in 0..length {
            if i == point {
                text.push('.');
            }
            let d = (digits >> (3 * (i % 20))) % 10;
            text.push(char::from(b'0' + d as u8));
        }
        let exp = ((r >> 32) % 700) as i64 - 350;
        if r >> 42 & 7 != 0 {
            text.push_str(&format!("e{exp}"));
        }
        check(&text);
    }
}

/// The slow path alone (the fast one leaves it little but ties and long inputs).
fn check_slow(text: &str) {
    let f: f64 = text.parse().unwrap_or(f64::NAN);
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    let point = int.len() as i32 - leading as i32 + exp.parse::<i32>().unwrap_or(0);
    let mut decimal = Decimal {
        digits: digits[leading..].iter().copied().take(MAX_DIGITS).collect(),
        point,
        truncated: digits[leading..].iter().skip(MAX_DIGITS).any(|&d| d != 0),
    };
    decimal.trim();
    if decimal.digits.is_empty() || !(-324..310).contains(&point) {
        return;
    }
    assert_eq!(decimal.into_bits(), f.to_bits(), "{text}");
}

#[test]
fn the_slow_path_reads_as_std_reads() {
    let mut state = 0x1f83_d9ab_fb41_bd6b;
    for _ in 0..5_000 {
        let f = f64::from_bits(xorshift(&mut state) >> 1);
        if f.is_finite() {
            check_slow(&format!("{f:e}"));
            check_slow(&format!("{f:.17e}"));
        }
        let r = xorshift(&mut state);
        check_slow(&format!(
            "{}e{}",
            r % 1_000_000_000,
            ((r >> 40) % 700) as i64 - 350
        ));
    }
    check_slow("9007199254740993");
    check_slow(&format!("9007199254740993.{}1", "0".repeat(900)));
    check_slow("2.4703282292062327e-324");
    check_slow("1.7976931348623158e308");
}
