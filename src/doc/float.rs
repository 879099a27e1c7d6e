//! An `f64` as text, exactly as std's `{:?}` and `{}` write it, without core's float
//! formatter.
//!
//! std formats a float with Grisu and a Dragon4 fallback (`core::num::flt2dec`), about
//! 10 KB of wasm for the rare float in a document. The same text comes from a slower but
//! small method: the float's exact decimal expansion (a few hundred digits at most), cut
//! to the fewest digits that read back as the same float, rounded towards the float when
//! both neighbours do. Reading back uses [`parse::from_decimal`], the YAML reader's
//! float parser (std's carries a 20 KB table). That is the definition of std's shortest
//! output (fewest digits in the rounding interval, closest among those); the tests
//! compare the two on random and edge values.

use std::fmt::{self, Write};

pub(crate) mod parse;

/// `format!("{f:?}")`: `1.0`, `0.1`, `1e16`, `1.5e-7`, `-0.0`, `NaN`, `inf`.
pub(crate) fn debug(f: f64) -> String {
    sign(f, false).to_owned() + &body(f.abs(), Style::Debug)
}

/// `f.to_string()`: `1`, `0.1`, `10000000000000000`, `-0`, `NaN`, `inf`.
pub(crate) fn display(f: f64) -> String {
    sign(f, false).to_owned() + &body(f.abs(), Style::Display)
}

/// An `f64` whose `Debug` is std's, flags and all (`{:+08.2?}`): the document tree's
/// derived `Debug` goes through it.
pub(crate) struct DebugF64(pub(crate) f64);

impl fmt::Debug for DebugF64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let style = f.precision().map_or(Style::Debug, Style::Fixed);
        pad(f, sign(self.0, f.sign_plus()), &body(self.0.abs(), style))
    }
}

/// Writes `sign` and `body` padded as std pads a float to the formatter's width:
/// right-aligned unless told otherwise, zeros after the sign with `0`.
fn pad(f: &mut fmt::Formatter<'_>, sign: &str, body: &str) -> fmt::Result {
    let len = sign.len() + body.len();
    let Some(width) = f.width().filter(|&w| w > len) else {
        f.write_str(sign)?;
        return f.write_str(body);
    };
    let zeros = f.sign_aware_zero_pad();
    let (fill, align) = if zeros {
        ('0', fmt::Alignment::Right)
    } else {
        (f.fill(), f.align().unwrap_or(fmt::Alignment::Right))
    };
    let padding = width - len;
    let (before, after) = match align {
        fmt::Alignment::Left => (0, padding),
        fmt::Alignment::Right => (padding, 0),
        fmt::Alignment::Center => (padding / 2, padding.div_ceil(2)),
    };
    if zeros {
        f.write_str(sign)?;
    }
    for _ in 0..before {
        f.write_char(fill)?;
    }
    if !zeros {
        f.write_str(sign)?;
    }
    f.write_str(body)?;
    for _ in 0..after {
        f.write_char(fill)?;
    }
    Ok(())
}

/// How std writes a float: `{:?}`, `{}` or `{:.N?}`.
#[derive(Clone, Copy)]
enum Style {
    Debug,
    Display,
    Fixed(usize),
}

/// `-` for a negative float (`-0.0` included), `+` for another when asked; none for NaN.
fn sign(f: f64, plus: bool) -> &'static str {
    if f.is_nan() {
        ""
    } else if f.is_sign_negative() {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    }
}

/// The text of the non-negative `abs`, without a sign.
fn body(abs: f64, style: Style) -> String {
    if abs.is_nan() {
        return "NaN".to_owned();
    }
    if abs.is_infinite() {
        return "inf".to_owned();
    }
    let (digits, point) = match style {
        Style::Fixed(places) => fixed(abs, places),
        _ => shortest(abs),
    };
    let fraction = match style {
        Style::Fixed(places) => places,
        Style::Debug if (abs != 0.0 && abs < 1e-4) || abs >= 1e16 => {
            return exponential(&digits, point);
        }
        Style::Debug => places(&digits, point).max(1),
        Style::Display => places(&digits, point),
    };
    positional(&digits, point, fraction)
}

/// The decimal places `0.DIGITS × 10^point` has.
fn places(digits: &[u8], point: i32) -> usize {
    usize::try_from(digits.len() as i64 - i64::from(point)).unwrap_or(0)
}

/// `0.DIGITS × 10^point` with `fraction` places: `123.45`, `0.001`, `1000`.
fn positional(digits: &[u8], point: i32, fraction: usize) -> String {
    let at = |i: i64| {
        let d = usize::try_from(i).ok().and_then(|i| digits.get(i));
        char::from(b'0' + d.copied().unwrap_or(0))
    };
    let point = i64::from(point);
    let mut out: String = if point > 0 {
        (0..point).map(at).collect()
    } else {
        "0".to_owned()
    };
    if fraction > 0 {
        out.push('.');
        out.extend((point..point.saturating_add(fraction as i64)).map(at));
    }
    out
}

/// `D.IGITSe(point - 1)`: `1e16`, `1.5e-7`.
fn exponential(digits: &[u8], point: i32) -> String {
    let mut out = ascii(digits);
    if out.len() > 1 {
        out.insert(1, '.');
    }
    out.push('e');
    out.push_str(&(point - 1).to_string());
    out
}

/// The fewest significant digits (no trailing zeros) that read back as the finite,
/// non-negative `f`, and where the point goes: `f` is `0.DIGITS × 10^point`. Zero is
/// `([0], 1)`, as std has it.
fn shortest(f: f64) -> (Vec<u8>, i32) {
    let (exact, point) = expansion(f);
    if exact.is_empty() {
        return (vec![0], 1);
    }
    for k in 1..exact.len() {
        let floor = &exact[..k];
        let ceil = round_up(floor);
        let reads_back = |digits: &[u8], point: i32| {
            let text = format!("{}e{}", ascii(digits), point - digits.len() as i32);
            parse::from_decimal(&text) == Some(f)
        };
        let floor_ok = reads_back(floor, point);
        let ceil_ok = match &ceil {
            Some(up) => reads_back(up, point),
            None => reads_back(&[1], point + 1),
        };
        let up = match (floor_ok, ceil_ok) {
            (false, false) => continue,
            (true, false) => false,
            (false, true) => true,
            // Both read back: the closer one, and up when half way (as std rounds).
            (true, true) => exact.get(k).is_some_and(|&d| d >= 5),
        };
        if !up {
            return (trimmed(floor), point);
        }
        return match ceil {
            Some(up) => (trimmed(&up), point),
            None => (vec![1], point + 1),
        };
    }
    (exact, point)
}

/// The finite, non-negative `f` rounded to `places` decimal places, half to even (as
/// std's `{:.N}` rounds the exact value), as [`shortest`] gives digits.
fn fixed(f: f64, places: usize) -> (Vec<u8>, i32) {
    let (mut digits, mut point) = expansion(f);
    let keep = i64::from(point).saturating_add(places as i64);
    let Ok(keep) = usize::try_from(keep) else {
        return (Vec::new(), point);
    };
    let Some(&next) = digits.get(keep) else {
        return (digits, point);
    };
    let last_odd = keep > 0 && digits.get(keep - 1).is_some_and(|d| d % 2 == 1);
    let up = next > 5 || (next == 5 && (digits.len() > keep + 1 || last_odd));
    digits.truncate(keep);
    if up {
        match round_up(&digits) {
            Some(rounded) => digits = rounded,
            None => {
                digits = vec![1];
                point += 1;
            }
        }
    }
    (digits, point)
}

/// `digits` plus one in the last place, or `None` when it carries out (all nines).
fn round_up(digits: &[u8]) -> Option<Vec<u8>> {
    let mut up = digits.to_vec();
    for d in up.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return Some(up);
        }
    }
    None
}

fn ascii(digits: &[u8]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d)).collect()
}

fn trimmed(digits: &[u8]) -> Vec<u8> {
    let end = digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1);
    digits.get(..end).unwrap_or_default().to_vec()
}

/// The exact decimal digits (values 0-9, no leading or trailing zeros; empty for zero) of
/// the finite, non-negative `f`, and where the point goes (`0.DIGITS × 10^point`).
fn expansion(f: f64) -> (Vec<u8>, i32) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exp2) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    // mantissa × 2^exp2 is the integer mantissa × 2^exp2, or mantissa × 5^-exp2 shifted
    // -exp2 decimal places.
    let mut big = Big::from(mantissa);
    let (factor, mut count) = if exp2 >= 0 { (2, exp2) } else { (5, -exp2) };
    while count > 0 {
        let step = count.min(13);
        big.mul(u64::pow(factor, step as u32));
        count -= step;
    }
    let digits = big.digits();
    let shift = if exp2 < 0 { -exp2 } else { 0 };
    let point = digits.len() as i32 - shift;
    let end = digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1);
    (digits[..end].to_vec(), point)
}

/// A natural number in base 10^9, least significant limb first.
struct Big(Vec<u64>);

const LIMB: u64 = 1_000_000_000;

impl Big {
    fn from(mut n: u64) -> Self {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push(n % LIMB);
            n /= LIMB;
        }
        Big(limbs)
    }

    /// Multiplies by `k` (at most 2^31 or 5^13, so a limb times it fits 64 bits).
    fn mul(&mut self, k: u64) {
        let mut carry = 0;
        for limb in &mut self.0 {
            let v = *limb * k + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        while carry > 0 {
            self.0.push(carry % LIMB);
            carry /= LIMB;
        }
    }

    /// The decimal digits, most significant first, no leading zeros.
    fn digits(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 9);
        for limb in self.0.iter().rev() {
            let mut chunk = [0u8; 9];
            let mut n = *limb;
            for d in chunk.iter_mut().rev() {
                *d = (n % 10) as u8;
                n /= 10;
            }
            out.extend_from_slice(&chunk);
        }
        let start = out.iter().position(|&d| d != 0).unwrap_or(out.len());
        out.split_off(start)
    }
}

#[cfg(test)]
mod tests;
