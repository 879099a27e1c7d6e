//! The CIDR-list parser's fuzz property, shared by the fuzz target and the corpus replay
//! test: any pasted text splits into entries that parse or fail cleanly; a parsed CIDR's
//! normal form parses to itself; the list survives its YAML form unchanged.

use periscope_netpol::cidr::parse_cidr;
use periscope_netpol::model::CidrList;

/// Runs one input.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let list = CidrList::from(text.as_ref());
    for entry in list.entries() {
        assert!(!entry.is_empty());
        if let Ok(c) = parse_cidr(entry) {
            let normal = c.net.to_string();
            let again = parse_cidr(&normal).expect("a normal form parses");
            assert_eq!(again.net, c.net);
            assert_eq!(again.typed, None, "{normal} is not normal");
        }
    }
    let yaml = serde_yaml::to_string(&list).expect("a list serializes");
    let back: CidrList = serde_yaml::from_str(&yaml).expect("its YAML reads back");
    assert_eq!(back, list, "{yaml}");
}
