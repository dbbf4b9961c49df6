//! The model card parser. `ModelCard::from_json` may refuse any text, but a card it accepts is
//! promised consistent ("later code can index without checks"), so this runs what the app and
//! the CLI do with a card on inputs of the card's own shapes, without the network: class
//! lookups, the metadata vector for every detail, the model view and tensor of a photo, the
//! decision rule, the activation maps and the quality gate.
#![no_main]

use image::{Rgb, RgbImage};
use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use skincheck_core::check::judge;
use skincheck_core::{
    preprocess, tta, Age, BodySite, CamTensor, Decision, ModelCard, PatientMetadata, PhotoMeasures,
    Sex, SquareCrop,
};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(card) = ModelCard::from_json(text) else {
        return;
    };
    let n = card.num_classes();
    let codes = card.class_codes();
    assert_eq!(codes.len(), n);
    for (i, code) in codes.iter().enumerate() {
        assert_eq!(card.class_index(code), Some(i), "class {i} {code:?}");
    }
    for code in &card.triage.malignant_classes {
        assert!(card.class_index(code).is_some());
    }

    let enc = &card.metadata_encoding;
    let ages = [
        None,
        Some(Age::new(0).unwrap()),
        Some(Age::new(Age::MAX).unwrap()),
    ];
    let sexes = [None, Some(Sex::Male), Some(Sex::Female)];
    let sites = std::iter::once(None).chain(BodySite::ALL.map(Some));
    for site in sites {
        for sex in sexes {
            for age in ages {
                let v = PatientMetadata { age, sex, site }.encode(enc);
                assert_eq!([1, v.len()], card.inputs.metadata.shape.as_slice());
                assert!(v.iter().all(|x| x.is_finite()));
            }
        }
    }

    // A photo's view and tensor, as the worker makes them before running the network.
    let pre = &card.preprocessing;
    let photo = RgbImage::from_fn(48, 40, |x, y| Rgb([(x * 5) as u8, (y * 6) as u8, 128]));
    let crop = SquareCrop::centred(48, 40);
    let view = preprocess::model_view(&photo, crop, pre).expect("a centred square");
    assert_eq!(view.dimensions(), (pre.size, pre.size));
    let tensor = preprocess::normalise_chw(&view, pre);
    let size = pre.size as usize;
    let tta = card.test_time_augmentation;
    let views = tta::views_of(&tensor, 3, size, tta);
    assert_eq!(views.len(), tensor.len() * tta.views());

    assert!(
        tensor.iter().all(|v| v.is_finite()),
        "the card's mean and std give a tensor that is not finite"
    );

    // The decision rule over logits of the card's shape, as large as a network gives.
    for logits in [
        vec![0.0; n],
        (0..n).map(|i| i as f32).collect(),
        vec![-50.0; n],
    ] {
        let d = Decision::from_logits(&logits, &card);
        assert!(d.decision < n);
        assert_eq!(d.ranking.len(), n);
        let sum: f32 = d.probabilities.iter().sum();
        assert!(
            (sum - 1.0).abs() < 1e-3,
            "probabilities {:?}",
            d.probabilities
        );
    }

    // Activation maps of the card's cam shape, averaged over the views and upsampled.
    let (classes, h, w) = card.cam_shape();
    let per_view: Vec<f32> = (0..classes * h * w).map(|i| (i % 7) as f32).collect();
    let data = if tta.views() == 1 {
        per_view
    } else {
        let all = per_view.repeat(tta.views());
        tta::average_maps(&all, classes, h, tta.views())
    };
    let cam = CamTensor {
        classes,
        height: h,
        width: w,
        data,
    };
    for class in 0..n {
        assert!(cam.class_mean(class).is_finite());
        let map = cam.upsampled(class, pre.size.min(64), pre.size.min(64));
        assert!(map.values.iter().all(|v| (0.0..=1.0).contains(v)));
    }

    // The gate, with the features it reads at the length the card gives.
    let gate = card.quality_gate.as_ref();
    let dim = gate
        .and_then(|g| g.ood.as_ref())
        .map_or(0, |ood| ood.feature_dim);
    let features = vec![0.5; dim];
    let check = judge(gate, PhotoMeasures::default(), Some(&features));
    assert_eq!(check.is_ok(), check.reasons.is_empty());
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    skincheck_fuzz::mutate_json(data, size, max_size, seed)
});
