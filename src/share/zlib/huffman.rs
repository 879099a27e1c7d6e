//! Huffman codes for the compressor: code lengths from symbol counts (no longer than a
//! limit), their canonical codes, and the run-length form a dynamic block stores them in.

/// A symbol's code, bits reversed: deflate packs Huffman codes most significant bit first
/// into a stream that is otherwise least significant bit first.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Code {
    pub(super) bits: u32,
    pub(super) len: u32,
}

/// Makes sure at least two symbols are counted, so every code built from `counts` is
/// complete (decoders reject incomplete codes but for a lone one-bit code; zlib does this).
pub(super) fn at_least_two(counts: &mut [u32]) {
    let used = counts.iter().filter(|&&c| c > 0).count();
    let unused = counts.iter_mut().filter(|c| **c == 0);
    for c in unused.take(2usize.saturating_sub(used)) {
        *c = 1;
    }
}

/// Code lengths for symbols counted `counts` times, none longer than `limit` (which must
/// fit every symbol in a balanced tree); 0 for unused symbols.
pub(super) fn lengths(counts: &[u32], limit: u8) -> Vec<u8> {
    let mut weights = counts.to_vec();
    loop {
        let depths = depths(&weights);
        if depths.iter().all(|&d| d <= limit) {
            return depths;
        }
        // Flatten the weights until the tree is shallow enough: equal weights give a
        // balanced tree, which fits.
        for w in weights.iter_mut().filter(|w| **w > 0) {
            *w = (*w >> 1).max(1);
        }
    }
}

/// Each symbol's depth in a Huffman tree for these weights (0 for weight 0).
fn depths(weights: &[u32]) -> Vec<u8> {
    const ROOT: usize = usize::MAX;
    // (weight, parent): the symbols, then one node per merge of the two lightest.
    let mut nodes: Vec<(u64, usize)> = weights.iter().map(|&w| (u64::from(w), ROOT)).collect();
    let mut live: Vec<usize> = (0..weights.len())
        .filter(|&i| weights.get(i).is_some_and(|&w| w > 0))
        .collect();
    while live.len() > 1 {
        let (Some(a), Some(b)) = (lightest(&mut live, &nodes), lightest(&mut live, &nodes)) else {
            break;
        };
        let id = nodes.len();
        let mut weight = 0;
        for child in [a, b] {
            if let Some(node) = nodes.get_mut(child) {
                weight += node.0;
                node.1 = id;
            }
        }
        nodes.push((weight, ROOT));
        live.push(id);
    }
    (0..weights.len())
        .map(|i| {
            if weights.get(i).is_none_or(|&w| w == 0) {
                return 0;
            }
            let mut depth = 0u8;
            let mut at = i;
            while let Some(&(_, parent)) = nodes.get(at).filter(|n| n.1 != ROOT) {
                depth = depth.saturating_add(1);
                at = parent;
            }
            // A lone symbol still needs a one-bit code.
            depth.max(1)
        })
        .collect()
}

/// Removes and returns the lightest of the `live` nodes (ties go to the lower index, so the
/// output is deterministic).
fn lightest(live: &mut Vec<usize>, nodes: &[(u64, usize)]) -> Option<usize> {
    let (at, _) = live
        .iter()
        .enumerate()
        .min_by_key(|&(_, &n)| (nodes.get(n).map_or(u64::MAX, |node| node.0), n))?;
    Some(live.swap_remove(at))
}

/// The canonical codes (RFC 1951 3.2.2) for these code lengths (each at most 15).
pub(super) fn canonical(lengths: &[u8]) -> Vec<Code> {
    let mut count = [0u32; 16];
    for &len in lengths.iter().filter(|&&l| l > 0) {
        if let Some(c) = count.get_mut(usize::from(len)) {
            *c += 1;
        }
    }
    // The first code of each length.
    let mut next = [0u32; 16];
    let mut code = 0;
    for (n, &c) in next.iter_mut().skip(1).zip(&count) {
        code = (code + c) << 1;
        *n = code;
    }
    lengths
        .iter()
        .map(|&len| match next.get_mut(usize::from(len)) {
            Some(n) if len > 0 => {
                let len = u32::from(len);
                let bits = n.reverse_bits() >> (32 - len);
                *n += 1;
                Code { bits, len }
            }
            _ => Code::default(),
        })
        .collect()
}

/// Code lengths in the run-length form of RFC 1951 3.2.7: (symbol, value of its extra bits),
/// with 16 repeating the previous length 3-6 times, 17 and 18 writing 3-10 and 11-138 zeros.
pub(super) fn runs(lengths: &[u8]) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = lengths.get(i) {
        let rest = lengths.get(i..).unwrap_or_default();
        let run = rest.iter().take_while(|&&l| l == len).count();
        let repeats_previous = i.checked_sub(1).and_then(|p| lengths.get(p)) == Some(&len);
        let (sym, n, extra) = match (len, run) {
            (0, 11..) => {
                let n = run.min(138);
                (18, n, n - 11)
            }
            (0, 3..) => (17, run, run - 3),
            (_, 3..) if repeats_previous => {
                let n = run.min(6);
                (16, n, n - 3)
            }
            _ => (usize::from(len), 1, 0),
        };
        out.push((sym, extra as u32));
        i += n;
    }
    out
}
