//! One sort for the whole crate.
//!
//! Every `sort_by` on a new element type instantiates the standard library's sort
//! (quicksort, drift sort, small-sort networks) again: about 4.5 KB of wasm each. Here the
//! sort runs once, non-generically, on a permutation of indices; callers only supply a
//! comparison, so the wasm carries a single copy of the sort code.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping equal items in their original order (a stable sort).
///
/// ```
/// # use periscope_netpol::order::sort_by;
/// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
/// sort_by(&mut v, |x, y| x.0.cmp(&y.0));
/// assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
/// ```
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    {
        let list = &items[..];
        sort_indices(&mut order, &|a, b| match (list.get(a), list.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The one instantiation of the standard sort: indices compared through `cmp`, ties
/// broken by index, which makes the result stable.
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Deterministic pseudo-random keys with many ties, against std's stable sort.
        let mut seed = 0x2545_f491_u64;
        for len in [0, 1, 2, 3, 7, 20, 21, 100, 1000] {
            let v: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 5, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "len {len}");
        }
    }

    #[test]
    fn sorts_by_the_whole_key_when_asked() {
        let mut v = vec!["b", "a", "c", "a"];
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["a", "a", "b", "c"]);
    }
}
