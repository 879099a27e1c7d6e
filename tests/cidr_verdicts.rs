//! One CIDR rule for both ways in: what the builder makes of a custom rule's `ipBlock`
//! (Environment → values) and what `check` makes of the same text in a values file
//! agree, for the spellings that trip parsers up (leading zeros, spaces, host bits,
//! IPv6 forms, prefix lengths).

use periscope_netpol::analyze;
use periscope_netpol::import::parse_values;
use periscope_netpol::lint::{values_findings, Context};
use periscope_netpol::model::{CustomPeer, CustomPort, CustomRule, Environment};
use periscope_netpol::text::CidrList;
use periscope_netpol::validate::validate;

/// What became of one typed CIDR.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// Refused with an error that names the input.
    Refused,
    /// Used as this network.
    Accepted(&'static str),
    /// Used as this network, with a `cidr-host-bits` warning.
    HostBits(&'static str),
}
use Verdict::*;

/// The builder's verdict: a custom egress rule to `cidr` on TCP 443.
fn builder(cidr: &str) -> (Verdict, Option<String>) {
    let env = Environment {
        custom: vec![CustomRule {
            peers: vec![CustomPeer::IpBlock {
                cidr: cidr.to_owned(),
                except: CidrList::default(),
            }],
            ports: vec![CustomPort {
                port: "443".into(),
                ..CustomPort::default()
            }],
            ..CustomRule::default()
        }],
        ..Environment::default()
    };
    let a = analyze(&env);
    let path = "custom[0].peers[0].cidr";
    let at = |code: &str| a.findings.iter().find(|f| f.code == code && f.path == path);
    if let Some(f) = at("input-invalid") {
        assert!(
            f.title.contains(&format!("'{cidr}'")),
            "{cidr}: {}",
            f.title
        );
        return (Refused, None);
    }
    let written = a
        .values
        .egress
        .extra
        .iter()
        .filter_map(|r| r.to.as_ref()?.first()?.ip_block.as_ref())
        .map(|b| b.cidr.clone())
        .next_back();
    let written = written.unwrap_or_else(|| panic!("{cidr:?}: no ipBlock written"));
    let verdict = if at("cidr-host-bits").is_some() {
        HostBits(leak(&written))
    } else {
        Accepted(leak(&written))
    };
    (verdict, Some(written))
}

/// The values file's verdict: the same text as an egress `ipBlock.cidr`.
fn values_file(cidr: &str) -> Verdict {
    let yaml = format!(
        "networkPolicy:\n  enabled: true\n  egress:\n    extra:\n      - to: [{{ipBlock: {{cidr: '{}'}}}}]\n        ports: [{{port: 443}}]\n",
        cidr.replace('\'', "''")
    );
    let values = parse_values(&yaml).unwrap_or_else(|e| panic!("{cidr:?}: {e}"));
    let path = "networkPolicy.egress.extra[0].to[0].ipBlock.cidr";
    let errors = validate(&values);
    if let Some(e) = errors.iter().find(|e| e.path == path) {
        assert!(e.message.contains(&format!("'{cidr}'")), "{cidr}: {e}");
        return Refused;
    }
    let net = periscope_netpol::validate::parse_api_cidr(cidr)
        .unwrap_or_else(|e| panic!("{cidr:?}: validate passed but {e}"))
        .0
        .to_string();
    let host_bits = values_findings(&values, &Context::default())
        .iter()
        .any(|f| f.code == "cidr-host-bits" && f.path == path);
    if host_bits {
        HostBits(leak(&net))
    } else {
        Accepted(leak(&net))
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[test]
fn builder_and_values_file_agree_on_tricky_cidrs() {
    // (typed, verdict of both)
    let same: &[(&str, Verdict)] = &[
        ("10.0.0.0/8", Accepted("10.0.0.0/8")),
        ("0.0.0.0/0", Accepted("0.0.0.0/0")),
        ("10.1.2.3/8", HostBits("10.0.0.0/8")),
        ("10.0.0.1/32", Accepted("10.0.0.1/32")),
        ("::/0", Accepted("::/0")),
        ("2001:db8::1/32", HostBits("2001:db8::/32")),
        ("fd00:ec2::23/128", Accepted("fd00:ec2::23/128")),
        ("::ffff:10.0.0.1/128", Accepted("::ffff:10.0.0.1/128")),
        // Leading zeros: octal to some tools, refused by Go's strict parsers.
        ("010.0.0.0/8", Refused),
        ("10.01.0.0/16", Refused),
        ("10.0.0.00/24", Refused),
        ("::ffff:010.0.0.1/128", Refused),
        ("10.0.0.0/08", Refused),
        ("0.0.0.0/00", Refused),
        ("::/00", Refused),
        // Prefix lengths.
        ("10.0.0.0/33", Refused),
        ("::/129", Refused),
        ("10.0.0.0/", Refused),
        ("10.0.0.0/x", Refused),
        ("10.0.0.0/-1", Refused),
        // Spaces inside, and not addresses at all.
        ("10.0.0.0 /8", Refused),
        ("10.0.0.0/ 8", Refused),
        ("10.0.0.300/8", Refused),
        ("10.0.0/8", Refused),
        ("fe80::1%eth0/64", Refused),
        ("example.com/32", Refused),
    ];
    for (typed, want) in same {
        assert_eq!(builder(typed).0, *want, "builder: {typed:?}");
        assert_eq!(values_file(typed), *want, "values file: {typed:?}");
    }
}

#[test]
fn what_the_builder_normalises_the_values_file_needs_written_out() {
    // The form is forgiving where the API server is not: it writes the /len and drops
    // the spaces (with a cidr-normalised note), so what reaches the values passes.
    // (typed, what the builder writes)
    let cases = [
        ("10.0.0.1", "10.0.0.1/32"),
        ("fd00::1", "fd00::1/128"),
        (" 10.0.0.0/8", "10.0.0.0/8"),
        ("10.0.0.0/8 ", "10.0.0.0/8"),
        ("FD00:EC2::23/128", "fd00:ec2::23/128"),
        ("fd00:0ec2:0:0:0:0:0:23/128", "fd00:ec2::23/128"),
    ];
    for (typed, want) in cases {
        let (verdict, written) = builder(typed);
        assert_eq!(verdict, Accepted(want), "builder: {typed:?}");
        let written = written.unwrap_or_default();
        assert_eq!(
            values_file(&written),
            Accepted(want),
            "{typed:?} → {written}"
        );
    }
    // Written as typed, the values file refuses the bare address and the spaces, and
    // reads the IPv6 spellings as the API server does.
    assert_eq!(values_file("10.0.0.1"), Refused);
    assert_eq!(values_file(" 10.0.0.0/8"), Refused);
    assert_eq!(values_file("10.0.0.0/8 "), Refused);
    assert_eq!(
        values_file("FD00:EC2::23/128"),
        Accepted("fd00:ec2::23/128")
    );
}
