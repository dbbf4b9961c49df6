//! The check that refuses a truncated JPEG before the decoder fills its missing scans with
//! grey. Beyond not panicking on any bytes: being complete is decided by a prefix (once
//! complete, appending bytes keeps it so), and the shortest complete prefix ends with the
//! end-of-image marker, so a file cut even one byte before it is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skincheck_core::image_input::jpeg_is_complete;

fuzz_target!(|bytes: &[u8]| {
    let complete = jpeg_is_complete(bytes);
    // A cut chosen by the input itself: a complete prefix means a complete file.
    let cut = bytes
        .first()
        .map_or(0, |b| usize::from(*b) * bytes.len() / 256);
    if jpeg_is_complete(&bytes[..cut]) {
        assert!(
            complete,
            "complete at {cut} bytes but not at {}",
            bytes.len()
        );
    }
    if !complete {
        return;
    }
    // Binary search for the shortest complete prefix (completeness grows with the length).
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if jpeg_is_complete(&bytes[..mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    assert!(jpeg_is_complete(&bytes[..lo]));
    assert!(
        !jpeg_is_complete(&bytes[..lo - 1]),
        "complete at {} bytes",
        lo - 1
    );
    assert_eq!(&bytes[lo - 2..lo], [0xFF, 0xD9], "complete at {lo} bytes");
});
