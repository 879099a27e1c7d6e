//! `matchName` and `matchPattern`: what Cilium accepts, and which names they select,
//! as `pkg/policy/api/fqdn.go` and `pkg/fqdn/matchpattern/matchpattern.go` define them
//! (see the module above for the rules and their sources).

use serde::{Deserialize, Serialize};

/// An `FQDNSelector`: one of `matchName` and `matchPattern`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FqdnSelector {
    /// A literal name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_name: Option<String>,
    /// A name with `*` wildcards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_pattern: Option<String>,
}

impl FqdnSelector {
    /// `matchName: <name>`.
    pub fn name(name: &str) -> Self {
        FqdnSelector {
            match_name: Some(name.to_owned()),
            match_pattern: None,
        }
    }

    /// `matchPattern: <pattern>`.
    pub fn pattern(pattern: &str) -> Self {
        FqdnSelector {
            match_name: None,
            match_pattern: Some(pattern.to_owned()),
        }
    }
}

/// Cilium's `MaxFQDNLength`.
const MAX_LEN: usize = 255;

/// The characters of a DNS label Cilium accepts (`[-a-zA-Z0-9_]`).
fn label_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// Why Cilium refuses a `matchName` (`^([-a-zA-Z0-9_]+[.]?)+$`, at most 255), if it does.
pub(crate) fn name_problem(name: &str) -> Option<String> {
    shape_problem(name, label_char)
}

/// Why Cilium refuses a `matchPattern` (`^([-a-zA-Z0-9_*]+[.]?)+$`, at most 255).
pub(crate) fn pattern_problem(pattern: &str) -> Option<String> {
    shape_problem(pattern, |c| label_char(c) || c == b'*')
}

fn shape_problem(text: &str, allowed: impl Fn(u8) -> bool) -> Option<String> {
    if text.trim().len() > MAX_LEN {
        return Some(format!("it is longer than {MAX_LEN} characters"));
    }
    if let Some(c) = text
        .chars()
        .find(|c| *c != '.' && !(c.is_ascii() && allowed(*c as u8)))
    {
        return Some(format!("'{}' is not allowed", c.escape_default()));
    }
    let body = text.strip_suffix('.').unwrap_or(text);
    if body.is_empty() || body.split('.').any(str::is_empty) {
        return Some("it has an empty label".into());
    }
    None
}

/// Whether `selector` selects `name`, with Cilium's semantics: case-insensitive, a
/// trailing dot implied; `matchName` literal; in `matchPattern` a `*` matches zero or
/// more label characters within one label, a pattern of stars alone every name, and a
/// leading `**.` one or more whole labels (Cilium 1.19 and later).
///
/// ```
/// use periscope_netpol::cilium::{matches, FqdnSelector};
/// let p = FqdnSelector::pattern("*.*.eu-west-1.eks.amazonaws.com");
/// assert!(matches(&p, "ABCDEF0123456789ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com"));
/// assert!(!matches(&p, "gr7.eu-west-1.eks.amazonaws.com"));
/// assert!(!matches(&FqdnSelector::pattern("*.cilium.io"), "sub.sub.cilium.io"));
/// ```
pub fn matches(selector: &FqdnSelector, name: &str) -> bool {
    let name = normal(name);
    if name.is_empty()
        || name
            .split('.')
            .any(|l| l.is_empty() || !l.bytes().all(label_char))
    {
        return false;
    }
    match (&selector.match_name, &selector.match_pattern) {
        (Some(n), None) => normal(n) == name,
        (None, Some(p)) => pattern_matches(&normal(p), &name),
        _ => false,
    }
}

/// Lower case, trimmed, without the trailing dot.
fn normal(s: &str) -> String {
    let s = s.trim().to_ascii_lowercase();
    s.strip_suffix('.').map(str::to_owned).unwrap_or(s)
}

fn pattern_matches(pattern: &str, name: &str) -> bool {
    if !pattern.is_empty() && pattern.bytes().all(|c| c == b'*') {
        return true;
    }
    let names: Vec<&str> = name.split('.').collect();
    let stars = pattern.bytes().take_while(|c| *c == b'*').count();
    if stars >= 2 && pattern.as_bytes().get(stars) == Some(&b'.') {
        // `**.rest`: one or more labels, then `rest`.
        let rest: Vec<&str> = pattern.get(stars + 1..).unwrap_or("").split('.').collect();
        return names.len() > rest.len()
            && labels_match(&rest, names.get(names.len() - rest.len()..).unwrap_or(&[]));
    }
    let parts: Vec<&str> = pattern.split('.').collect();
    parts.len() == names.len() && labels_match(&parts, &names)
}

fn labels_match(patterns: &[&str], names: &[&str]) -> bool {
    patterns.len() == names.len()
        && patterns
            .iter()
            .zip(names)
            .all(|(p, n)| glob(p.as_bytes(), n.as_bytes()))
}

/// One label: `*` is any run of label characters (the name's are all label characters).
fn glob(p: &[u8], s: &[u8]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|i| glob(rest, s.get(i..).unwrap_or(&[]))),
        Some((c, rest)) => match s.split_first() {
            Some((d, tail)) if c == d => glob(rest, tail),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_table() {
        let cases = [
            ("*.cilium.io", "sub.cilium.io", true),
            ("*.cilium.io", "cilium.io", false),
            ("*.cilium.io", "sub.sub.cilium.io", false),
            ("part*ial.com", "partial.com", true),
            ("part*ial.com", "part-extra-ial.com", true),
            ("sub*.cilium.io", "www.cilium.io", false),
            ("*", "anything.example.com", true),
            ("*.", "a.b", true),
            ("**.cilium.io", "a.b.cilium.io", true),
            ("**.cilium.io", "cilium.io", false),
            (
                "*.*.eu-west-1.eks.amazonaws.com",
                "X.gr7.eu-west-1.eks.amazonaws.com",
                true,
            ),
            (
                "*.*.eu-west-1.eks.amazonaws.com",
                "x.gr7.us-east-1.eks.amazonaws.com",
                false,
            ),
            (
                "*.*.eu-west-1.eks.amazonaws.com.",
                "x.y.eu-west-1.eks.amazonaws.com.",
                true,
            ),
            ("*.example.com", "bad name.example.com", false),
        ];
        for (p, n, want) in cases {
            assert_eq!(matches(&FqdnSelector::pattern(p), n), want, "{p} vs {n}");
        }
        assert!(matches(
            &FqdnSelector::name("STS.us-east-1.amazonaws.com."),
            "sts.us-east-1.amazonaws.com"
        ));
        assert!(!matches(
            &FqdnSelector::name("sts.us-east-1.amazonaws.com"),
            "x.sts.us-east-1.amazonaws.com"
        ));
    }

    #[test]
    fn shapes_table() {
        for (text, pattern, ok) in [
            ("acme.okta.com", false, true),
            ("acme.okta.com.", false, true),
            ("a_b.example.com", false, true),
            ("acme..okta.com", false, false),
            (".okta.com", false, false),
            ("", false, false),
            ("acme okta.com", false, false),
            ("*.okta.com", false, false),
            ("*.okta.com", true, true),
            ("[a].okta.com", true, false),
            ("münchen.de", false, false),
        ] {
            let problem = if pattern {
                pattern_problem(text)
            } else {
                name_problem(text)
            };
            assert_eq!(problem.is_none(), ok, "{text:?}: {problem:?}");
        }
        assert!(name_problem(&format!("{}.com", "a".repeat(260))).is_some());
    }
}
