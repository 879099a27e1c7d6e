//! How Helm's `toYaml` writes: Go's YAML encoder (sigs.k8s.io/yaml over its go-yaml v2
//! fork), for the parts of the chart's manifest that the template passes through
//! `toYaml` (facts §1: the `extra` rules and each `fromNamespaces` label map).
//!
//! Three things differ from our own style: a sequence under a mapping key starts at the
//! key's column (the writer's [`super::Node::ToYaml`]); strings are quoted only where
//! Go's reader would resolve them to another type, or where a plain scalar cannot be
//! written (then in single quotes, as libyaml's emitter chooses); and mapping keys are
//! sorted in go-yaml's "natural" order, which compares runs of digits as numbers.
//! `tests/helm_template.rs` checks all three against a real `helm template`.

use std::cmp::Ordering;

/// How Go's encoder writes a string scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// As it is.
    Plain,
    /// In single quotes (`'` doubled): a plain scalar would be misread or is not allowed.
    Single,
    /// In double quotes: the string resolves to another type (`"true"`, `"1.0"`), or has
    /// characters only double quotes can carry.
    Double,
    /// A literal block (`|`), for a string with a line break.
    Literal,
}

/// go-yaml's choice for a string value or key: `stringv` asks for plain style when the
/// string resolves to a string and is not a base-60 float, else double quotes; libyaml's
/// emitter then falls back from plain to single quotes, and from single to double, where
/// the scalar analysis forbids them (block context).
pub(crate) fn quoting(s: &str) -> Quoting {
    let a = analyze(s);
    if s.contains('\n') {
        return if a.block {
            Quoting::Literal
        } else {
            Quoting::Double
        };
    }
    if !resolves_to_string(s) || is_base60_float(s) {
        return Quoting::Double;
    }
    if a.special {
        Quoting::Double
    } else if !a.block_plain || s.is_empty() {
        Quoting::Single
    } else {
        Quoting::Plain
    }
}

/// Go's `strconv.Quote`, which Helm's `quote` applies (`"` + escapes + `"`): `\"`, `\\`,
/// the C escapes, `\xNN` for other ASCII controls, `\uNNNN`/`\UNNNNNNNN` for Unicode that
/// Go does not print (controls, format characters, separators other than the space).
pub(crate) fn go_quote(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' ' => out.push(' '),
            c if (c as u32) < 0x80 && (c.is_ascii_control()) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control()
                || c.is_whitespace()
                || matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF) =>
            {
                let n = c as u32;
                if n < 0x1_0000 {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// libyaml's `yaml_emitter_analyze_scalar`: what decides the block-context styles.
struct Analysis {
    block_plain: bool,
    /// A literal block can carry it.
    block: bool,
    /// Only double quotes can carry it (a character that is not printable, or a space
    /// right before a line break).
    special: bool,
}

fn analyze(s: &str) -> Analysis {
    // Most strings here (keys, CIDRs, names, protocols) are a letter or digit followed by
    // letters, digits and `./_-`: no indicator, space, break or special character.
    let simple = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'_' | b'-');
    if s.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) && s.bytes().all(|c| simple(&c))
    {
        return Analysis {
            block_plain: true,
            block: true,
            special: false,
        };
    }
    let blank = |c: Option<char>| matches!(c, None | Some(' ' | '\t' | '\r' | '\n'));
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut special = false;
    let (mut leading_space, mut trailing_space) = (false, false);
    // Any break rules out plain style, wherever it is (libyaml's leading and trailing
    // breaks are cases of it).
    let mut line_breaks = false;
    let mut previous_space = false;
    let mut preceded_by_whitespace = true;
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let followed_by_whitespace = blank(next);
        if first {
            if "#,[]{}&*!|>'\"%@`".contains(c)
                || (matches!(c, '?' | ':' | '-') && followed_by_whitespace)
            {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        if !printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= next.is_none();
        } else if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            line_breaks = true;
            // libyaml's `space_break`: only double quotes keep a space before a break.
            special |= previous_space;
        }
        previous_space = c == ' ';
        preceded_by_whitespace = blank(Some(c));
        first = false;
    }
    Analysis {
        block_plain: !(block_indicators || leading_space || trailing_space || line_breaks),
        block: !(trailing_space || special),
        special,
    }
}

/// go-yaml's `is_printable` (its emitter writes Unicode, but only up to U+FFFD: a
/// character outside the Basic Multilingual Plane is escaped, and so is U+0085).
pub(super) fn printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

/// Words go-yaml v2 reads as nulls, booleans, special floats or the merge key.
const RESOLVED_WORDS: [&str; 40] = [
    "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true",
    "True", "TRUE", "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
    "-.INF", "<<",
];

/// go-yaml v2's `resolve("", s)` gives `!!str`.
fn resolves_to_string(s: &str) -> bool {
    // Only these first characters start a word of the list (or it is empty).
    let may_be_word = matches!(
        s.as_bytes().first(),
        None | Some(b'~' | b'n' | b'N' | b'y' | b'Y' | b'o' | b'O' | b't' | b'T' | b'f' | b'F')
            | Some(b'.' | b'+' | b'-' | b'<')
    );
    if may_be_word && s.len() <= 6 && RESOLVED_WORDS.contains(&s) {
        return false;
    }
    match s.as_bytes().first() {
        Some(b'.') => !go_float(s),
        Some(b'+' | b'-' | b'0'..=b'9') => {
            if is_timestamp(s) {
                return false;
            }
            let plain: std::borrow::Cow<str> = if s.contains('_') {
                s.replace('_', "").into()
            } else {
                s.into()
            };
            let plain = &*plain;
            let yaml_float = yaml_style_float(plain) && go_float(plain);
            let binary = plain
                .strip_prefix("0b")
                .or_else(|| plain.strip_prefix("-0b"))
                .is_some_and(|d| unsigned(d, 2).is_some());
            !(go_int(plain) || yaml_float || binary)
        }
        _ => true,
    }
}

/// Go's `strconv.ParseFloat` of a decimal succeeds (a finite value). Hex floats and the
/// `inf`/`nan` spellings never reach here: callers check the YAML float pattern first,
/// or the string starts with `.`.
fn go_float(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    } else {
        if !digits(&mut i) {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds: an optional sign
/// (ParseInt only), then `0x`/`0o`/`0b` or a leading `0` (octal) or decimal digits, within
/// 64 bits (underscores are already gone).
fn go_int(s: &str) -> bool {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let prefix = body
        .as_bytes()
        .get(..2)
        .map(|p| [p[0], p[1].to_ascii_lowercase()]);
    let value = match prefix {
        Some([b'0', b'x']) => unsigned(&body[2..], 16),
        Some([b'0', b'o']) => unsigned(&body[2..], 8),
        Some([b'0', b'b']) => unsigned(&body[2..], 2),
        _ if body.len() > 1 && body.starts_with('0') => unsigned(&body[1..], 8),
        _ => unsigned(body, 10),
    };
    // ParseInt takes -2^63 at the least; ParseUint any u64 without a sign.
    value.is_some_and(|v| !negative || v <= 1 << 63)
}

/// Digits in `radix`, at least one, as a `u64`; `None` when empty, another character or
/// too large.
fn unsigned(digits: &str, radix: u32) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u64, |acc, c| {
        acc.checked_mul(u64::from(radix))?
            .checked_add(u64::from(c.to_digit(radix)?))
    })
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`: go-yaml quotes these for
/// YAML 1.1 readers.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        let start = i + 1;
        let mut end = start;
        while end < start + 2 && b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let ok = match end - start {
            1 => true,
            2 => b[start] <= b'5',
            _ => false,
        };
        if !ok {
            return false;
        }
        groups += 1;
        i = end;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v2's `parseTimestamp`: `YYYY-M-D` (one or two digits for month and day, a
/// real date), alone or followed by `T`/`t` and `h:m:s[.fraction]` and `Z` or `±hh:mm`,
/// or by a space and `h:m:s[.fraction]` (Go's `time.Parse` with the four layouts).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let num = |i: &mut usize, max_len: usize| -> Option<u32> {
        let start = *i;
        while *i < start + max_len && b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        (*i > start).then(|| s[start..*i].parse().ok()).flatten()
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    let Some(month) = num(&mut i, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = num(&mut i, 2) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    let zoned = match b.get(i) {
        None => return true,
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        Some(_) => return false,
    };
    i += 1;
    for (k, limit) in [24, 60, 60].into_iter().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
        }
        match num(&mut i, 2) {
            Some(v) if v < limit => {}
            _ => return false,
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if !zoned {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let zone = &b[i + 1..];
            zone.len() == 5
                && zone[2] == b':'
                && [0, 1, 3, 4].iter().all(|&k| zone[k].is_ascii_digit())
        }
        _ => false,
    }
}

/// go-yaml's order of mapping keys (`keyList.Less`): character by character, but a run of
/// digits compares as a number, and a letter sorts after a non-letter unless the run
/// before them was digits. Exact for ASCII keys (label keys are ASCII); any other
/// character counts as a letter, which spares the wasm Unicode's letter and digit tables.
pub(crate) fn key_cmp(a: &str, b: &str) -> Ordering {
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// On bytes: the strings agree up to the first difference, so byte offsets line up with
/// Go's rune offsets there, and UTF-8's byte order is code point order.
fn key_less(a: &str, b: &str) -> bool {
    let (ar, br) = (a.as_bytes(), b.as_bytes());
    let letter = |c: u8| c.is_ascii_alphabetic() || !c.is_ascii();
    let mut digits = false;
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            digits = ar[i].is_ascii_digit();
            continue;
        }
        let (al, bl) = (letter(ar[i]), letter(br[i]));
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if digits { al } else { bl };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == b'0' || br[i] == b'0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != b'0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let run = |r: &[u8], n: &mut i64| {
            let mut k = i;
            while let Some(d) = r.get(k).filter(|c| c.is_ascii_digit()) {
                *n = n.wrapping_mul(10).wrapping_add(i64::from(d - b'0'));
                k += 1;
            }
            k
        };
        let (ai, bi) = (run(ar, &mut an), run(br, &mut bn));
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `helm template` (3.17.3) printed for these label values through `toYaml`
    /// (tests/helm_template.rs runs helm itself; these keep the rules checked without it).
    #[test]
    fn quoting_matches_go_yaml() {
        let double = [
            "true",
            "True",
            "TRUE",
            "yes",
            "Yes",
            "no",
            "on",
            "off",
            "y",
            "Y",
            "n",
            "N",
            "null",
            "Null",
            "",
            "1",
            "012",
            "0x1F",
            "0o17",
            "1e3",
            "1E3",
            "1.0",
            "1_000",
            "1:20",
            "12:30:00",
            "2001-12-14",
            "0",
            "00",
            "-1",
            "+1",
            "1.",
            "0b101",
            "1__0",
            "1_0_0",
            "190:20:30",
            "2001-12-14t21:59:43.10-05:00",
            "Off",
            "OFF",
            "1.5e+3",
            "0.5",
            "5.",
            "0777",
            "08",
            "1_",
            ".5",
            ".inf",
            "~",
            "2024-2-29",
            "-0b11",
            "2001-12-14 21:59:43.10",
            "2001-12-14T21:59:43Z",
        ];
        let plain = [
            "nan",
            "NaN",
            "inf",
            "Inf",
            "1.2.3",
            "v1",
            "a:b",
            "x-y",
            "A.b_c",
            "1e",
            "e3",
            "0xG",
            "1-2",
            "nO",
            "yEs",
            "._a",
            "a.",
            "9a",
            "12e",
            "1,000",
            "0x",
            "_1",
            "2023-2-29",
            "-x y",
            "?x",
            "1e999",
            "0x10000000000000000",
            "kube-dns",
            "10.0.0.0/8",
            "fd00:ec2::254/128",
            "http",
            "TCP",
        ];
        for s in double {
            assert_eq!(quoting(s), Quoting::Double, "{s:?}");
        }
        for s in plain {
            assert_eq!(quoting(s), Quoting::Plain, "{s:?}");
        }
        for s in [
            "a: b", "#x", "x #y", " x", "x ", "@x", "'x", "*x", "!x", "%x", "x:", "-",
        ] {
            assert_eq!(quoting(s), Quoting::Single, "{s:?}");
        }
        assert_eq!(quoting("a\tb"), Quoting::Double);
    }

    #[test]
    fn keys_sort_like_go_yaml() {
        let mut keys = vec![
            "k10", "k9", "a_b", "aZ", "ab", "a-b", "app", "a", "x01", "x1", "a b",
        ];
        keys.sort_by(|a, b| key_cmp(a, b));
        assert_eq!(
            keys,
            ["a", "a b", "a-b", "a_b", "aZ", "ab", "app", "k9", "k10", "x1", "x01"]
        );
    }
}
