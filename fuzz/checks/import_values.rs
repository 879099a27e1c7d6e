//! The values importer's fuzz property, shared by the fuzz target and the corpus replay
//! test: any text imports or fails with an error, never a panic, and whatever imports
//! generates exactly the `networkPolicy` block it was read from.

use periscope_netpol::builder::build;
use periscope_netpol::import::{import_environment, parse_values};

/// Runs one input.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(imported) = import_environment(&text) {
        let want = parse_values(&text).expect("what imports parses as values");
        assert_eq!(
            build(&imported.env).values,
            want,
            "import changed the block"
        );
    }
}
