//! Parsing CIDRs the way an operator types them, and the set arithmetic the lint needs.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

/// Why a CIDR entry was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CidrError {
    /// The address part is not an IPv4 or IPv6 address.
    BadAddress(String),
    /// The prefix length is not a number.
    BadPrefix(String),
    /// The prefix length is longer than the address family allows.
    PrefixTooLong(String),
    /// An IPv4 octet is written with a leading zero (`010.0.0.0/8`).
    LeadingZero(String),
    /// The prefix length is written with a leading zero (`10.0.0.0/08`).
    PrefixLeadingZero(String),
    /// No `/len` where one is required (a values file: the API server reads CIDRs only).
    NoPrefix(String),
    /// Spaces around the CIDR where nothing trims them (a values file).
    Spaces(String),
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CidrError::BadAddress(s) => {
                write!(f, "invalid CIDR '{s}': the address is not an IPv4 or IPv6 address")
            }
            CidrError::BadPrefix(s) => {
                write!(f, "invalid CIDR '{s}': the prefix length after '/' is not a number")
            }
            CidrError::PrefixTooLong(s) => write!(
                f,
                "invalid CIDR '{s}': the prefix length is longer than the address (max /32 for IPv4, /128 for IPv6)"
            ),
            CidrError::LeadingZero(s) => write!(
                f,
                "invalid CIDR '{s}': an IPv4 octet has a leading zero, which Go's and the API server's strict parsing refuse and some tools read as octal"
            ),
            CidrError::PrefixLeadingZero(s) => write!(
                f,
                "invalid CIDR '{s}': the prefix length has a leading zero, which Go's and the API server's strict parsing refuse"
            ),
            CidrError::NoPrefix(s) => write!(
                f,
                "'{s}' is not a CIDR: it needs a prefix length, e.g. '{s}/32'"
            ),
            CidrError::Spaces(s) => {
                write!(f, "invalid CIDR '{s}': write it without spaces around it")
            }
        }
    }
}

impl std::error::Error for CidrError {}

/// A parsed CIDR, normalised, remembering what the user wrote when that differed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cidr {
    /// The network with host bits cleared.
    pub net: IpNet,
    /// What the user wrote, when it was not already the normalised network.
    pub typed: Option<String>,
}

impl Cidr {
    /// Whether the typed text had to be changed (host bits, bare address, spacing).
    pub fn was_normalised(&self) -> bool {
        self.typed.is_some()
    }
}

/// Parses one CIDR as an operator types it. A bare address becomes a /32 (or /128),
/// surrounding spaces are trimmed and host bits are cleared; each change is reported
/// through [`Cidr::typed`]. Leading zeros are refused, as by [`parse_exact`].
///
/// ```
/// use periscope_netpol::cidr::parse_cidr;
/// let c = parse_cidr("10.1.2.3/8").unwrap();
/// assert_eq!(c.net.to_string(), "10.0.0.0/8");
/// assert_eq!(c.typed.as_deref(), Some("10.1.2.3/8"));
/// assert_eq!(parse_cidr("169.254.170.23").unwrap().net.to_string(), "169.254.170.23/32");
/// assert!(parse_cidr("10.0.0.0/33").is_err());
/// assert_eq!(
///     parse_cidr("10.0.0.300/8").unwrap_err().to_string(),
///     "invalid CIDR '10.0.0.300/8': the address is not an IPv4 or IPv6 address"
/// );
/// assert!(parse_cidr("010.0.0.0/8").unwrap_err().to_string().contains("leading zero"));
/// ```
pub fn parse_cidr(input: &str) -> Result<Cidr, CidrError> {
    let s = input.trim();
    let written = match s.split_once('/') {
        Some((addr, len)) => network(address(addr, input)?, len, input)?,
        None => IpNet::from(address(s, input)?),
    };
    let net = written.trunc();
    // Whether `input` is exactly `net.to_string()`, without formatting it: an IPv4
    // address only parses in its one decimal spelling and a prefix length has no
    // leading zero, so it is enough that nothing was trimmed or added and no host bit
    // was cleared.
    let canonical = match net {
        IpNet::V4(_) => s.len() == input.len() && s.contains('/') && written == net,
        IpNet::V6(_) => writes_as(&net, input),
    };
    let typed = (!canonical).then(|| input.to_owned());
    Ok(Cidr { net, typed })
}

/// Parses one CIDR exactly as the API server reads a NetworkPolicy's `ipBlock`:
/// `addr/len` and nothing around it. The network is returned as written, host bits
/// and all (`trunc()` clears them).
///
/// ```
/// use periscope_netpol::cidr::{parse_exact, CidrError};
/// assert_eq!(parse_exact("10.1.2.3/8").unwrap().to_string(), "10.1.2.3/8");
/// assert_eq!(parse_exact("10.0.0.1"), Err(CidrError::NoPrefix("10.0.0.1".into())));
/// assert_eq!(parse_exact(" 10.0.0.0/8"), Err(CidrError::Spaces(" 10.0.0.0/8".into())));
/// assert_eq!(parse_exact("10.0.0.0/08"), Err(CidrError::PrefixLeadingZero("10.0.0.0/08".into())));
/// assert_eq!(
///     parse_exact("10.01.0.0/16").unwrap_err().to_string(),
///     "invalid CIDR '10.01.0.0/16': an IPv4 octet has a leading zero, which Go's and the API server's strict parsing refuse and some tools read as octal"
/// );
/// ```
pub fn parse_exact(input: &str) -> Result<IpNet, CidrError> {
    if input.trim() != input {
        return Err(CidrError::Spaces(input.to_owned()));
    }
    let (addr, len) = input
        .split_once('/')
        .ok_or_else(|| CidrError::NoPrefix(input.to_owned()))?;
    network(address(addr, input)?, len, input)
}

/// A constant of ours (a well-known range, a sample address), written `addr/len`.
pub(crate) fn known(text: &str) -> Option<IpNet> {
    parse_exact(text).ok()
}

/// The address part of `input`, in std's strict spelling (no leading zeros, no octal).
fn address(addr: &str, input: &str) -> Result<IpAddr, CidrError> {
    addr.parse().map_err(|_| {
        if with_leading_zero(addr) {
            CidrError::LeadingZero(input.to_owned())
        } else {
            CidrError::BadAddress(input.to_owned())
        }
    })
}

/// Whether `addr` would be an address but for leading zeros in its dotted-decimal part
/// (`010.0.0.1`, `::ffff:10.01.0.1`): those get their own error, since other parsers
/// read them as decimal or octal where ours refuses them.
fn with_leading_zero(addr: &str) -> bool {
    let (head, quad) = addr.split_at(addr.rfind(':').map_or(0, |i| i + 1));
    let octets: Vec<&str> = quad
        .split('.')
        .map(|o| match o.trim_start_matches('0') {
            "" if !o.is_empty() => "0",
            t => t,
        })
        .collect();
    let stripped = format!("{head}{}", octets.join("."));
    quad.contains('.') && stripped != addr && stripped.parse::<IpAddr>().is_ok()
}

/// `ip/len`, host bits kept, with `len` in Go's spelling: decimal digits, no leading zero.
fn network(ip: IpAddr, len: &str, input: &str) -> Result<IpNet, CidrError> {
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CidrError::BadPrefix(input.to_owned()));
    }
    if len.len() > 1 && len.starts_with('0') {
        return Err(CidrError::PrefixLeadingZero(input.to_owned()));
    }
    let len = len
        .parse::<u8>()
        .map_err(|_| CidrError::PrefixTooLong(input.to_owned()))?;
    IpNet::new(ip, len).map_err(|_| CidrError::PrefixTooLong(input.to_owned()))
}

/// Whether `net` is written exactly as `text`, compared while it is formatted.
fn writes_as(net: &IpNet, text: &str) -> bool {
    /// What is left of the text to match, or `None` after a mismatch.
    struct Rest<'a>(Option<&'a str>);
    impl fmt::Write for Rest<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 = self.0.and_then(|r| r.strip_prefix(s));
            self.0.map(|_| ()).ok_or(fmt::Error)
        }
    }
    let mut rest = Rest(Some(text));
    fmt::write(&mut rest, format_args!("{net}")).is_ok() && rest.0 == Some("")
}

/// Whether `outer` contains `inner` (same family, inner's prefix at least as long).
pub fn contains(outer: &IpNet, inner: &IpNet) -> bool {
    outer.contains(inner)
}

/// Whether two networks share any address.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(b) || b.contains(a)
}

/// The RFC 1918 private ranges, the docs' `except` list.
pub const RFC1918: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/// IPv6 ranges kept out of the internet-HTTPS rule: unique local and link-local.
pub const IPV6_PRIVATE: [&str; 2] = ["fc00::/7", "fe80::/10"];

/// Whether the network lies in private, link-local or loopback space (not the internet).
pub fn is_private(net: &IpNet) -> bool {
    match net {
        IpNet::V4(n) => {
            let a = n.network();
            a.is_private() || a.is_link_local() || a.is_loopback() || {
                // 100.64.0.0/10, carrier-grade NAT, used for pod CIDRs by some CNIs.
                let o = a.octets();
                o[0] == 100 && (o[1] & 0xc0) == 64
            }
        }
        IpNet::V6(n) => {
            let seg = n.network().segments();
            (seg[0] & 0xfe00) == 0xfc00 || (seg[0] & 0xffc0) == 0xfe80 || n.network().is_loopback()
        }
    }
}

/// Whether every address of `net` is excluded from the internet-HTTPS rule
/// (it falls inside one of the RFC 1918 or IPv6 private `except` ranges).
pub fn blocked_by_private_except(net: &IpNet) -> bool {
    RFC1918
        .iter()
        .chain(IPV6_PRIVATE.iter())
        .filter_map(|e| known(e))
        .any(|e| overlaps(&e, net))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        // (input, normalised or None for error, reported as changed)
        let cases: &[(&str, Option<&str>, bool)] = &[
            ("10.0.0.0/8", Some("10.0.0.0/8"), false),
            ("10.1.2.3/8", Some("10.0.0.0/8"), true),
            ("1.2.3.4", Some("1.2.3.4/32"), true),
            (" 1.2.3.4/32 ", Some("1.2.3.4/32"), true),
            ("0.0.0.0/0", Some("0.0.0.0/0"), false),
            ("::/0", Some("::/0"), false),
            ("fd00:ec2::23/128", Some("fd00:ec2::23/128"), false),
            ("FD00:EC2::23/128", Some("fd00:ec2::23/128"), true),
            ("2001:db8::1/32", Some("2001:db8::/32"), true),
            ("10.0.0.0/33", None, false),
            ("::/129", None, false),
            ("10.0.0.0/", None, false),
            ("10.0.0.0/x", None, false),
            ("10.0.0.0/-1", None, false),
            ("10.0.0.0/0008", None, false),
            ("10.0.0.0/08", None, false),
            ("010.0.0.0/8", None, false),
            ("10.01.0.0/16", None, false),
            ("10.0.0.300/8", None, false),
            ("example.com/32", None, false),
            ("", None, false),
        ];
        for (input, want, changed) in cases {
            let got = parse_cidr(input);
            match want {
                Some(w) => {
                    let c = got.unwrap_or_else(|e| panic!("{input}: {e}"));
                    assert_eq!(c.net.to_string(), *w, "{input}");
                    assert_eq!(c.was_normalised(), *changed, "{input}");
                }
                None => {
                    let e = got.expect_err(input);
                    assert!(e.to_string().contains(&format!("'{input}'")), "{e}");
                }
            }
        }
    }

    #[test]
    fn normalised_exactly_when_the_text_changes() {
        let cases = [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "10.1.2.3/8",
            "10.1.2.3/32",
            "10.1.2.3",
            " 10.0.0.0/8",
            "10.0.0.0/8\t",
            "255.255.255.255/32",
            "::/0",
            "fd00:ec2::23/128",
            "fd00:ec2::23",
            "FD00:EC2::23/128",
            "fd00:0ec2::23/128",
            "fd00:ec2:0:0:0:0:0:23/128",
            "2001:db8::1/32",
            "2001:db8::/32",
            "::ffff:10.0.0.1/128",
            "::ffff:a00:1/128",
            " ::/0",
        ];
        for input in cases {
            let c = parse_cidr(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            let changed = c.net.to_string() != input;
            assert_eq!(c.was_normalised(), changed, "{input}");
            assert_eq!(c.typed.is_some(), changed, "{input}");
        }
    }

    #[test]
    fn refusals_say_why() {
        use CidrError::*;
        type Refusal = fn(String) -> CidrError;
        // (input, why parse_cidr refuses it, why parse_exact refuses it)
        let cases: &[(&str, Refusal, Refusal)] = &[
            ("010.0.0.0/8", LeadingZero, LeadingZero),
            ("10.01.0.0/16", LeadingZero, LeadingZero),
            ("10.0.0.00/24", LeadingZero, LeadingZero),
            ("00.0.0.0/0", LeadingZero, LeadingZero),
            ("::ffff:010.0.0.1/128", LeadingZero, LeadingZero),
            ("010.0.0.1", LeadingZero, NoPrefix),
            (" 010.0.0.0/8", LeadingZero, Spaces),
            ("10.0.0.0/08", PrefixLeadingZero, PrefixLeadingZero),
            ("0.0.0.0/00", PrefixLeadingZero, PrefixLeadingZero),
            ("::/00", PrefixLeadingZero, PrefixLeadingZero),
            ("10.0.0.0/0008", PrefixLeadingZero, PrefixLeadingZero),
            ("10.0.0.0/33", PrefixTooLong, PrefixTooLong),
            ("10.0.0.0/1000", PrefixTooLong, PrefixTooLong),
            ("::/129", PrefixTooLong, PrefixTooLong),
            ("10.0.0.0/", BadPrefix, BadPrefix),
            ("10.0.0.0/+8", BadPrefix, BadPrefix),
            ("10.0.0.0/8x", BadPrefix, BadPrefix),
            ("10.0.0.0 /8", BadAddress, BadAddress),
            ("10.0.0.300/8", BadAddress, BadAddress),
            ("10.0.0/8", BadAddress, BadAddress),
            ("0x0a.0.0.0/8", BadAddress, BadAddress),
            ("fe80::1%eth0/64", BadAddress, BadAddress),
            ("/8", BadAddress, BadAddress),
            ("", BadAddress, NoPrefix),
        ];
        for (input, lenient, exact) in cases {
            let want = lenient(input.to_string());
            match parse_cidr(input) {
                Err(e) => assert_eq!(e, want, "parse_cidr({input:?})"),
                Ok(c) => panic!("parse_cidr({input:?}) = {}", c.net),
            }
            let want = exact(input.to_string());
            assert_eq!(
                parse_exact(input),
                Err(want.clone()),
                "parse_exact({input:?})"
            );
            assert!(want.to_string().contains(&format!("'{input}'")), "{want}");
        }
    }

    #[test]
    fn exact_keeps_what_was_written() {
        let cases = [
            ("10.0.0.0/8", "10.0.0.0/8"),
            ("10.1.2.3/8", "10.1.2.3/8"),
            ("0.0.0.0/0", "0.0.0.0/0"),
            ("FD00:EC2::23/128", "fd00:ec2::23/128"),
            ("fd00:0ec2::23/64", "fd00:ec2::23/64"),
            ("::ffff:10.0.0.1/128", "::ffff:10.0.0.1/128"),
        ];
        for (input, want) in cases {
            let net = parse_exact(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(net.to_string(), want, "{input}");
            assert_eq!(parse_cidr(input).map(|c| c.net), Ok(net.trunc()), "{input}");
        }
    }

    #[test]
    fn private_ranges() {
        let cases = [
            ("10.1.0.0/16", true),
            ("172.20.0.0/16", true),
            ("192.168.1.0/24", true),
            ("169.254.170.23/32", true),
            ("100.64.0.0/16", true),
            ("52.94.0.0/16", false),
            ("fd00:ec2::23/128", true),
            ("2600:1f00::/24", false),
        ];
        for (c, want) in cases {
            let net: IpNet = c.parse().unwrap();
            assert_eq!(is_private(&net), want, "{c}");
        }
        let blocked = ["10.1.0.0/16", "0.0.0.0/0", "fd12::/16"];
        for c in blocked {
            assert!(blocked_by_private_except(&c.parse().unwrap()), "{c}");
        }
        for c in ["52.94.0.0/16", "169.254.170.23/32", "2600:1f00::/24"] {
            assert!(!blocked_by_private_except(&c.parse().unwrap()), "{c}");
        }
    }
}
