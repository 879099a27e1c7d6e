//! A decompression bomb in a share link stops at the inflate limit without allocating much
//! more than the limit: a counting allocator records the heap's peak during `decode`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use periscope_netpol::share::{self, ShareError, MAX_INFLATED_BYTES};

/// The system allocator, counting the bytes live now and the most live since a reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: every call goes straight to `System` with the caller's arguments; the counters
// only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_bomb_link_allocates_about_the_limit() {
    // 4 MiB of spaces: about 4 KiB of zlib, sixteen times the inflate limit.
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 4 << 20], 10);
    let link = format!("v1.{}", URL_SAFE_NO_PAD.encode(packed));
    assert!(link.len() < share::MAX_FRAGMENT_CHARS, "{}", link.len());

    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = share::decode(&link);
    let peak = PEAK.load(Ordering::SeqCst) - before;

    assert_eq!(result, Err(ShareError::TooLarge));
    println!("peak heap while decoding the bomb: {peak} bytes");
    assert!(
        peak >= MAX_INFLATED_BYTES / 2,
        "the counter missed the output: {peak}"
    );
    // miniz_oxide grows its output by doubling, up to the limit.
    assert!(peak <= 2 * MAX_INFLATED_BYTES + 32 * 1024, "{peak} bytes");
}
