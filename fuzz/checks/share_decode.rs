//! The share-link decoder's fuzz property, shared by the fuzz target and the corpus replay
//! test: any text decodes to an Environment or an error, never a panic, and whatever
//! decodes re-encodes to a link that decodes to the same Environment.

use periscope_netpol::share;

/// Runs one input.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(env) = share::decode(&text) {
        let again = share::encode(&env);
        assert_eq!(share::decode(&again), Ok(env), "re-encoded link differs");
    }
}
