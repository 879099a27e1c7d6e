//! The README documents every finding code the catalog has.

mod common;

#[test]
fn readme_lists_every_finding_code() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    for c in periscope_netpol::lint::CATALOG {
        assert!(
            readme.contains(&format!("| `{}` | {} |", c.code, c.severity.as_str())),
            "README lacks finding {} ({})",
            c.code,
            c.severity.as_str()
        );
    }
}
