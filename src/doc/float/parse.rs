//! A decimal as the nearest `f64` (half to even), exactly as `str::parse::<f64>` reads
//! it, without core's float parser.
//!
//! std's parser (`core::num::dec2flt`) carries a 20 KB table of 128-bit powers of five
//! that brotli cannot shrink. This one takes Clinger's fast path when the digits and
//! the power of ten are exact floats, and otherwise computes the power it needs: a 128-bit
//! lower bound of `10^q` by repeated squaring, whose error is known, times the digits.
//! When the result is too close to half way between two floats for that error to decide
//! the rounding (about one input in 2^58, and every exact tie), or when there are more
//! than 19 significant digits, it falls back to Nigel Tao's "simple decimal conversion"
//! (the one core uses as its own last resort): the decimal kept as up to 768 digits,
//! shifted by powers of two until it is a 53-bit mantissa, then rounded.

/// The bits of `+inf`.
const INFINITY: u64 = 0x7ff << 52;
/// The fraction bits of an `f64`.
const FRACTION: u64 = (1 << 52) - 1;

/// `text` as std's `f64::from_str` reads a finite decimal: an optional sign, digits with
/// an optional point (at least one digit), an optional exponent (`e`/`E`, optional sign,
/// at least one digit). Too large a value is an infinity, too small a zero, as in std.
///
/// `None` for anything else, including the `inf`, `infinity` and `nan` spellings std
/// also accepts: both callers want a finite float (the YAML resolver drops a non-finite
/// parse and spells infinities `.inf`; the float formatter reads back its own digits),
/// so treating those as errors changes nothing they do.
pub(crate) fn from_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let (int, rest) = digits(rest);
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => digits(after),
        _ => (&[][..], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let exponent = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', after)) => exponent(after)?,
        Some(_) => return None,
    };
    let sign = u64::from(negative) << 63;
    Some(f64::from_bits(sign | magnitude(int, frac, exponent)))
}

/// The leading ASCII digits of `bytes` and what follows them.
fn digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let mut rest = bytes;
    while let [b'0'..=b'9', tail @ ..] = rest {
        rest = tail;
    }
    let n = bytes.len() - rest.len();
    (bytes.get(..n).unwrap_or_default(), rest)
}

/// An exponent's optional sign and digits (the whole rest of the text), saturating: any
/// exponent beyond ±2^62 means the same infinity or zero.
fn exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let (digits, rest) = digits(rest);
    if digits.is_empty() || !rest.is_empty() {
        return None;
    }
    let value = fold_digits(digits, 0i64, |n, d| {
        n.saturating_mul(10).saturating_add(i64::from(d))
    });
    Some(if negative { -value } else { value })
}

/// The bits of the non-negative `INT.FRAC × 10^exponent` (ASCII digits), rounded.
fn magnitude(int: &[u8], frac: &[u8], exponent: i64) -> u64 {
    // Only the significant digits, INT ++ FRAC, matter: the value is 0.INTFRAC × 10^point.
    let (int, frac, point) = match trim_start(int) {
        [] => {
            let trimmed = trim_start(frac);
            let zeros = (frac.len() - trimmed.len()) as i64;
            (&[][..], trimmed, -zeros)
        }
        int => (int, frac, int.len() as i64),
    };
    let (int, frac) = match trim_end(frac) {
        [] => (trim_end(int), &[][..]),
        frac => (int, frac),
    };
    let significant = int.len() + frac.len();
    if significant == 0 {
        return 0;
    }
    let point = point.saturating_add(exponent).clamp(-1000, 1000) as i32;
    if point < -324 {
        // Below 10^-325, less than half the smallest subnormal (4.9e-324).
        return 0;
    }
    if point >= 310 {
        // At least 10^309.
        return INFINITY;
    }
    if significant <= 19 {
        let int = fold_digits(int, 0u64, |n, d| n * 10 + u64::from(d));
        let w = fold_digits(frac, int, |n, d| n * 10 + u64::from(d));
        let q = point - significant as i32;
        if w <= 1 << 53 && (-22..=22).contains(&q) {
            // Clinger's fast path: w and 10^|q| are exact floats, so one rounding.
            let power = (0..q.unsigned_abs()).fold(1.0, |p, _| p * 10.0);
            let w = w as f64;
            return if q < 0 { w / power } else { w * power }.to_bits();
        }
        if let Some(bits) = nearest(w, q) {
            return bits;
        }
    }
    let decimal = Decimal {
        digits: (int.iter().chain(frac).map(|&b| b - b'0'))
            .take(MAX_DIGITS)
            .collect(),
        point,
        truncated: significant > MAX_DIGITS,
    };
    decimal.into_bits()
}

/// `f` folded over the values of ASCII `digits` (a plain loop: the parser is hot in the
/// unoptimised test builds, where iterator adapters cost a call each).
fn fold_digits<T>(mut digits: &[u8], init: T, f: impl Fn(T, u8) -> T) -> T {
    let mut acc = init;
    while let [d, rest @ ..] = digits {
        acc = f(acc, d.wrapping_sub(b'0'));
        digits = rest;
    }
    acc
}

/// `digits` without leading zeros.
fn trim_start(mut digits: &[u8]) -> &[u8] {
    while let [b'0', rest @ ..] = digits {
        digits = rest;
    }
    digits
}

/// `digits` without trailing zeros.
fn trim_end(mut digits: &[u8]) -> &[u8] {
    while let [rest @ .., b'0'] = digits {
        digits = rest;
    }
    digits
}

/// `m × 2^e` with `m`'s top bit set: a 128-bit float.
#[derive(Clone, Copy)]
struct Wide {
    m: u128,
    e: i32,
}

/// How far (in units of the last of 128 bits) [`nearest`]'s product may lie below the
/// exact value. Each product truncates by at most 2 units, a relative 2^-126; the powers
/// of ten up to 10^±343 take at most 9 squarings and 9 products, and errors double with
/// each squaring, so the total stays under 800 × 2^-126 < 2^-116, that is 2^12 units.
/// The margin costs nothing: a false alarm only takes the slow path.
const ERROR: u128 = 1 << 16;

/// The bits of `w × 10^q` (`w > 0`, `q` in -343..=309) rounded, or `None` when the
/// product is too close to half way between two floats to tell.
fn nearest(w: u64, q: i32) -> Option<u64> {
    let shift = w.leading_zeros();
    let w = Wide {
        m: u128::from(w << shift) << 64,
        e: -(shift as i32) - 64,
    };
    let x = product(w, power_of_ten(q));
    // x is in [2^exp, 2^(exp + 1)).
    let exp = x.e + 127;
    if exp > 1023 {
        return Some(INFINITY);
    }
    // The bits below the mantissa: 75 for a normal float, more for a subnormal.
    let dropped = 75 + (-1022 - exp).max(0) as u32;
    let (kept, low, half) = match dropped {
        ..=127 => (
            x.m >> dropped,
            x.m & ((1 << dropped) - 1),
            1 << (dropped - 1),
        ),
        128 => (0, x.m, 1 << 127),
        // Under 2^-1075 but maybe not by more than the error: let the slow path decide.
        129 => return None,
        // Under 2^-1076 (less the error): below half the smallest subnormal.
        _ => return Some(0),
    };
    if low.abs_diff(half) <= ERROR {
        return None;
    }
    let mantissa = kept as u64 + u64::from(low > half);
    if exp < -1022 {
        // A subnormal; rounded up to 2^52 it is the smallest normal, with these bits.
        return Some(mantissa);
    }
    let (mantissa, exp) = if mantissa >> 53 == 1 {
        (mantissa >> 1, exp + 1)
    } else {
        (mantissa, exp)
    };
    if exp > 1023 {
        return Some(INFINITY);
    }
    Some(((exp + 1023) as u64) << 52 | (mantissa & FRACTION))
}

/// A lower bound of `10^q`: powers of 10 (exact) or of 0.1 (truncated) by squaring.
fn power_of_ten(q: i32) -> Wide {
    let mut base = if q < 0 {
        // 0xcccc…cccc × 2^-131, 0.1 truncated.
        Wide {
            m: u128::MAX / 5 * 4,
            e: -131,
        }
    } else {
        Wide {
            m: 10 << 124,
            e: -124,
        }
    };
    let mut acc: Option<Wide> = None;
    let mut k = q.unsigned_abs();
    while k > 0 {
        if k & 1 == 1 {
            acc = Some(acc.map_or(base, |acc| product(acc, base)));
        }
        k >>= 1;
        if k > 0 {
            base = product(base, base);
        }
    }
    acc.unwrap_or(Wide {
        m: 1 << 127,
        e: -127,
    })
}

/// `a × b` truncated to 128 bits (at most 2 units low).
fn product(a: Wide, b: Wide) -> Wide {
    let (ah, al) = (a.m >> 64, a.m & u128::from(u64::MAX));
    let (bh, bl) = (b.m >> 64, b.m & u128::from(u64::MAX));
    // Each factor is under 2^64, so no product wraps (and debug builds skip the slow
    // overflow-checked 128-bit multiply).
    let (mid1, mid2, low) = (
        ah.wrapping_mul(bl),
        al.wrapping_mul(bh),
        al.wrapping_mul(bl),
    );
    let mask = u128::from(u64::MAX);
    let carry = ((mid1 & mask) + (mid2 & mask) + (low >> 64)) >> 64;
    // The top half of the 256-bit product, which is in [2^254, 2^256).
    let top = ah.wrapping_mul(bh) + (mid1 >> 64) + (mid2 >> 64) + carry;
    let e = a.e + b.e + 128;
    if top >> 127 == 1 {
        Wide { m: top, e }
    } else {
        Wide {
            m: top << 1,
            e: e - 1,
        }
    }
}

/// Digits kept by the slow path: enough to round any decimal correctly (the longest
/// decimal half way between two `f64`s has 767 significant digits), with `truncated`
/// standing in for the nonzero ones dropped.
const MAX_DIGITS: usize = 768;

/// Where the slow path gives up on a decimal point: far beyond any finite `f64`.
const POINT_RANGE: i32 = 2047;

/// `0.DIGITS × 10^point` (digits 0-9, the first nonzero, no trailing zeros), plus
/// whether nonzero digits were dropped after the last.
struct Decimal {
    digits: Vec<u8>,
    point: i32,
    truncated: bool,
}

impl Decimal {
    /// The bits of the nearest `f64` (core's `parse_long_mantissa`): shift into
    /// [1/2, 1), then to the smallest exponent, then 53 bits up, and round.
    fn into_bits(mut self) -> u64 {
        let mut exp2 = 0i32;
        while self.point > 0 {
            let shift = bits_for(self.point);
            self.right_shift(shift);
            if self.point < -POINT_RANGE {
                return 0;
            }
            exp2 += shift as i32;
        }
        while self.point <= 0 {
            let shift = if self.point == 0 {
                match self.digits.first() {
                    None => return 0,
                    Some(&d) if d >= 5 => break,
                    Some(0 | 1) => 2,
                    Some(_) => 1,
                }
            } else {
                bits_for(-self.point)
            };
            self.left_shift(shift);
            if self.point > POINT_RANGE {
                return INFINITY;
            }
            exp2 -= shift as i32;
        }
        // Now in [1/2, 1); an f64's mantissa is in [1, 2).
        exp2 -= 1;
        while exp2 < -1022 {
            let shift = (-1022 - exp2).min(60);
            self.right_shift(shift as u32);
            exp2 += shift;
        }
        if exp2 + 1023 >= 0x7ff {
            return INFINITY;
        }
        self.left_shift(53);
        let mut mantissa = self.round();
        if mantissa >= 1 << 53 {
            // Rounding carried into a new bit.
            self.right_shift(1);
            exp2 += 1;
            mantissa = self.round();
            if exp2 + 1023 >= 0x7ff {
                return INFINITY;
            }
        }
        let mut biased = exp2 + 1023;
        if mantissa < 1 << 52 {
            biased -= 1;
        }
        (biased as u64) << 52 | (mantissa & FRACTION)
    }

    /// Multiplies by 2^shift (at most 60, so a digit times it plus a carry fits 64 bits).
    fn left_shift(&mut self, shift: u32) {
        if self.digits.is_empty() {
            return;
        }
        let mut reversed = Vec::with_capacity(self.digits.len() + 20);
        let mut n = 0u64;
        for &d in self.digits.iter().rev() {
            n += u64::from(d) << shift;
            reversed.push((n % 10) as u8);
            n /= 10;
        }
        while n > 0 {
            reversed.push((n % 10) as u8);
            n /= 10;
        }
        self.point += (reversed.len() - self.digits.len()) as i32;
        let dropped = reversed.len().saturating_sub(MAX_DIGITS);
        if reversed.iter().take(dropped).any(|&d| d != 0) {
            self.truncated = true;
        }
        self.digits = reversed.into_iter().skip(dropped).rev().collect();
        self.trim();
    }

    /// Divides by 2^shift (at most 60), keeping at most [`MAX_DIGITS`] digits.
    fn right_shift(&mut self, shift: u32) {
        let mut read = 0usize;
        let mut n = 0u64;
        while n >> shift == 0 {
            if let Some(&d) = self.digits.get(read) {
                n = 10 * n + u64::from(d);
                read += 1;
            } else if n == 0 {
                return;
            } else {
                while n >> shift == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.point -= read as i32 - 1;
        if self.point < -POINT_RANGE {
            *self = Decimal {
                digits: Vec::new(),
                point: 0,
                truncated: false,
            };
            return;
        }
        let mask = (1u64 << shift) - 1;
        let mut out = Vec::with_capacity(MAX_DIGITS);
        for &d in self.digits.get(read..).unwrap_or_default() {
            out.push((n >> shift) as u8);
            n = 10 * (n & mask) + u64::from(d);
        }
        while n > 0 {
            let d = (n >> shift) as u8;
            n = 10 * (n & mask);
            if out.len() < MAX_DIGITS {
                out.push(d);
            } else if d > 0 {
                self.truncated = true;
            }
        }
        self.digits = out;
        self.trim();
    }

    /// The integer part rounded half to even (the dropped digits counting as above half).
    fn round(&self) -> u64 {
        if self.digits.is_empty() || self.point < 0 {
            return 0;
        }
        if self.point > 18 {
            return u64::MAX;
        }
        let point = self.point as usize;
        let digit = |i: usize| u64::from(self.digits.get(i).copied().unwrap_or(0));
        let n = (0..point).fold(0u64, |n, i| n * 10 + digit(i));
        let up = match self.digits.get(point) {
            Some(5) if point + 1 == self.digits.len() => {
                self.truncated || (point > 0 && digit(point - 1) % 2 == 1)
            }
            Some(&d) => d >= 5,
            None => false,
        };
        n + u64::from(up)
    }

    fn trim(&mut self) {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
    }
}

/// How many bits to shift a decimal with `n` integer (or leading zero) digits by so it
/// does not overshoot [1/2, 1): at most `n × log2(10)`, at most 60.
fn bits_for(n: i32) -> u32 {
    const BITS: [u8; 19] = [
        0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
    ];
    usize::try_from(n)
        .ok()
        .and_then(|n| BITS.get(n))
        .map_or(60, |&b| u32::from(b))
}

#[cfg(test)]
mod tests;
