//! Any file a user drops: `decode_rgb`, then exactly what the app does with a decoded photo
//! before the network (the centred square at the shipped card's preprocessing, the CHW tensor
//! and its test-time views, the quality measures and the gate's verdict). Decoding may refuse
//! the file; nothing after a successful decode may fail or panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use skincheck_core::image_input::{MAX_MEGAPIXELS, MIN_SIDE};
use skincheck_core::{decode_rgb, preprocess, quality, ModelCard, PhotoCheck, SquareCrop};

static CARD: LazyLock<ModelCard> = LazyLock::new(|| {
    ModelCard::from_json(include_str!("../../assets/model.json")).expect("the shipped card")
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(img) = decode_rgb(bytes) else {
        return;
    };
    let (w, h) = img.dimensions();
    assert!(
        w >= MIN_SIDE && h >= MIN_SIDE,
        "{w}x{h} passed the size check"
    );
    assert!(u64::from(w) * u64::from(h) <= MAX_MEGAPIXELS * 1_000_000);

    let pre = &CARD.preprocessing;
    let crop = SquareCrop::centred(w, h);
    let view = preprocess::model_view(&img, crop, pre).expect("the centred square is inside");
    assert_eq!(view.dimensions(), (pre.size, pre.size));

    let tensor = preprocess::normalise_chw(&view, pre);
    let n = pre.size as usize;
    assert_eq!(tensor.len(), 3 * n * n);
    assert!(tensor.iter().all(|v| v.is_finite()));

    let m = quality::measure(&view, crop.side);
    for v in [m.brightness, m.contrast, m.clipped] {
        assert!((0.0..=1.0).contains(&v), "{m:?}");
    }
    assert!(m.sharpness.is_finite() && m.sharpness >= 0.0, "{m:?}");
    let check = PhotoCheck::judge(CARD.quality_gate.as_ref(), m, None);
    assert_eq!(check.is_ok(), check.reasons.is_empty());
    let _ = check.summary();
});
