//! Loading the ONNX model once into an optimised tract plan, and running it.

use serde::{Deserialize, Serialize};

use crate::cam::CamTensor;
use crate::check::PhotoCheck;
use crate::decision::Decision;
use crate::metadata::PatientMetadata;
use crate::preprocess::SquareCrop;
// The inference half (feature `inference`, on by default); the result types above are
// always available, e.g. to the browser page that only displays results.
#[cfg(feature = "inference")]
use {
    crate::card::ModelCard,
    crate::check,
    crate::error::{ClassifyError, ModelError},
    crate::image_input::CentredSquare,
    crate::preprocess,
    crate::quality,
    crate::tta,
    image::RgbImage,
    tract_onnx::prelude::*,
};

#[cfg(feature = "inference")]
type Plan = std::sync::Arc<TypedRunnableModel>;

/// The model, checked against its card and optimised once; reuse it for every image.
#[cfg(feature = "inference")]
pub struct Classifier {
    card: ModelCard,
    plan: Plan,
}

/// What the network itself returns for one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawOutput {
    pub logits: Vec<f32>,
    pub cam: CamTensor,
    /// The output the quality gate scores (the card's `quality_gate.ood.output`, e.g.
    /// `early_features`), averaged over the views; only that output is fetched from the
    /// network, and only when the card has such a gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate_features: Option<Vec<f32>>,
}

/// One photo's full result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub crop: SquareCrop,
    pub metadata: PatientMetadata,
    pub raw: RawOutput,
    pub decision: Decision,
    /// Whether the photo can be judged at all; show this before the decision.
    pub check: PhotoCheck,
}

#[cfg(feature = "inference")]
impl Classifier {
    /// Verifies the bytes against the card's sha256, then builds the optimised plan with the
    /// card's concrete input shapes.
    pub fn from_bytes(card: ModelCard, onnx: &[u8]) -> Result<Self, ModelError> {
        let actual = crate::sha256_hex(onnx);
        Self::from_bytes_with_sha256(card, onnx, &actual)
    }

    /// [`Self::from_bytes`] for a caller that hashed the bytes itself with a faster
    /// implementation: `actual` must be the hex sha256 of `onnx`. In the browser, WebCrypto
    /// hashes the model in milliseconds where the wasm `sha2` took about half of the model
    /// load (profiled in docs/benchmarks.md).
    pub fn from_bytes_with_sha256(
        card: ModelCard,
        onnx: &[u8],
        actual: &str,
    ) -> Result<Self, ModelError> {
        let actual = actual.to_ascii_lowercase();
        if !actual.eq_ignore_ascii_case(&card.sha256) {
            return Err(ModelError::HashMismatch {
                expected: card.sha256.clone(),
                actual,
            });
        }
        let plan = build_plan(&card, onnx).map_err(|e| ModelError::Load(format!("{e:#}")))?;
        Ok(Classifier { card, plan })
    }

    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// Runs the network on an already normalised CHW image tensor and an encoded metadata
    /// vector (the lengths the card gives), with the card's test-time augmentation.
    pub fn run(&self, image_chw: &[f32], metadata: &[f32]) -> Result<RawOutput, ModelError> {
        let (views, meta) = self.batch_inputs(image_chw, metadata)?;
        self.run_views(&views, &meta)
    }

    /// The batch the network runs on for one photo: the card's test-time views of
    /// `image_chw` one after the other, and `metadata` repeated once per view.
    pub fn batch_inputs(
        &self,
        image_chw: &[f32],
        metadata: &[f32],
    ) -> Result<(Vec<f32>, Vec<f32>), ModelError> {
        let size = self.card.preprocessing.size as usize;
        if image_chw.len() != 3 * size * size
            || metadata.len() != self.card.metadata_encoding.length
        {
            return Err(ModelError::Inference(format!(
                "inputs of {} and {} values do not match the card",
                image_chw.len(),
                metadata.len()
            )));
        }
        let tta = self.card.test_time_augmentation;
        Ok((
            tta::views_of(image_chw, 3, size, tta),
            metadata.repeat(tta.views()),
        ))
    }

    /// The shapes of the batch from [`Self::batch_inputs`] (image, metadata): the card's
    /// input shapes with one row per test-time view.
    pub fn batch_shapes(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.card.test_time_augmentation.views();
        (
            batch_shape(&self.card.inputs.image.shape, n),
            batch_shape(&self.card.inputs.metadata.shape, n),
        )
    }

    /// Runs the network on a batch from [`Self::batch_inputs`] and averages the views.
    ///
    /// The views go through the batch-1 plan one at a time: tract's kernels for a batch of 8
    /// took about 20 times as long as one view (measured natively, 650 ms against 30 ms), so
    /// eight single runs are far faster than one batched run.
    pub fn run_views(&self, views: &[f32], metadata: &[f32]) -> Result<RawOutput, ModelError> {
        let infer = |e: TractError| ModelError::Inference(format!("{e:#}"));
        let n = self.card.test_time_augmentation.views();
        let (image_len, meta_len) = (
            shape_len(&self.card.inputs.image.shape),
            shape_len(&self.card.inputs.metadata.shape),
        );
        if views.len() != n * image_len || metadata.len() != n * meta_len {
            return Err(ModelError::Inference(format!(
                "a batch of {} image and {} metadata values does not match the card's {n} views",
                views.len(),
                metadata.len()
            )));
        }
        let flat = |t: &TValue| -> Result<Vec<f32>, ModelError> {
            Ok(t.to_plain_array_view::<f32>()
                .map_err(infer)?
                .iter()
                .copied()
                .collect())
        };
        let gate_spec = gate_output(&self.card);
        let (mut logits, mut cams, mut gate_rows) = (Vec::new(), Vec::new(), Vec::new());
        for (view, meta) in views
            .chunks_exact(image_len)
            .zip(metadata.chunks_exact(meta_len))
        {
            let image = Tensor::from_shape(&self.card.inputs.image.shape, view).map_err(infer)?;
            let meta = Tensor::from_shape(&self.card.inputs.metadata.shape, meta).map_err(infer)?;
            let outputs = self
                .plan
                .run(tvec!(image.into(), meta.into()))
                .map_err(infer)?;
            logits.extend(flat(&outputs[0])?);
            cams.extend(flat(&outputs[1])?);
            if let Some(spec) = gate_spec {
                let t = outputs.get(2).ok_or_else(|| {
                    ModelError::Inference(format!("the model gave no {} output", spec.name))
                })?;
                gate_rows.extend(flat(t)?);
            }
        }
        let logits = tta::average_rows(&logits, self.card.num_classes());
        let (classes, height, width) = self.card.cam_shape();
        let data = if n == 1 {
            cams
        } else {
            tta::average_maps(&cams, classes, height, n)
        };
        let cam = CamTensor {
            classes,
            height,
            width,
            data,
        };
        let gate_features = match gate_spec {
            Some(spec) => {
                let dim = spec.shape[1];
                if gate_rows.len() != n * dim {
                    return Err(ModelError::Inference(format!(
                        "the {} output gave {} values for {n} views of {dim}",
                        spec.name,
                        gate_rows.len()
                    )));
                }
                Some(tta::average_rows(&gate_rows, dim))
            }
            None => None,
        };
        Ok(RawOutput {
            logits,
            cam,
            gate_features,
        })
    }

    /// Preprocesses `image` (the centred square unless `crop` is given), encodes `metadata`,
    /// runs the network and applies the card's decision rule.
    pub fn classify(
        &self,
        image: &RgbImage,
        crop: Option<SquareCrop>,
        metadata: &PatientMetadata,
    ) -> Result<Classification, ClassifyError> {
        let crop = crop.unwrap_or_else(|| SquareCrop::centred(image.width(), image.height()));
        let view = self.model_view(image, crop)?;
        self.classify_view(&view, crop, metadata)
    }

    /// [`Self::classify`] on the centred square alone ([`crate::decode_centred_square`]):
    /// the same result as on the whole photo, which need never be held.
    pub fn classify_centred(
        &self,
        square: &CentredSquare,
        metadata: &PatientMetadata,
    ) -> Result<Classification, ClassifyError> {
        let view = self.model_view(&square.pixels, square.whole())?;
        self.classify_view(&view, square.crop, metadata)
    }

    /// The `size` x `size` pixels the model sees for `crop`: the browser shows exactly these
    /// under the activation map.
    pub fn model_view(
        &self,
        image: &RgbImage,
        crop: SquareCrop,
    ) -> Result<RgbImage, ClassifyError> {
        Ok(preprocess::model_view(
            image,
            crop,
            &self.card.preprocessing,
        )?)
    }

    /// Classifies a view made by [`Self::model_view`]; `crop` records where it came from.
    pub fn classify_view(
        &self,
        view: &RgbImage,
        crop: SquareCrop,
        metadata: &PatientMetadata,
    ) -> Result<Classification, ClassifyError> {
        let pre = &self.card.preprocessing;
        if view.dimensions() != (pre.size, pre.size) {
            return Err(ModelError::Inference(format!(
                "the model view must be {0}x{0} pixels, got {1}x{2}",
                pre.size,
                view.width(),
                view.height()
            ))
            .into());
        }
        let tensor = preprocess::normalise_chw(view, pre);
        let raw = self.run(&tensor, &metadata.encode(&self.card.metadata_encoding))?;
        let decision = Decision::from_logits(&raw.logits, &self.card);
        let check = check::judge(
            self.card.quality_gate.as_ref(),
            quality::measure(view, crop.side),
            raw.gate_features.as_deref(),
        );
        Ok(Classification {
            crop,
            metadata: *metadata,
            raw,
            decision,
            check,
        })
    }
}

#[cfg(feature = "inference")]
fn build_plan(card: &ModelCard, onnx: &[u8]) -> TractResult<Plan> {
    let mut model = tract_onnx::onnx().model_for_read(&mut std::io::Cursor::new(onnx))?;
    model.set_input_names([&card.inputs.image.name, &card.inputs.metadata.name])?;
    let mut outputs = vec![&card.outputs.logits.name, &card.outputs.cam.name];
    outputs.extend(gate_output(card).map(|spec| &spec.name));
    model.select_outputs_by_name(outputs)?;
    model.set_input_fact(0, f32::fact(&card.inputs.image.shape).into())?;
    model.set_input_fact(1, f32::fact(&card.inputs.metadata.shape).into())?;
    model.into_optimized()?.into_runnable()
}

/// The output the card's quality gate scores, which the plan returns after the logits and
/// the maps; none without an out-of-distribution gate (card validation guarantees the output
/// exists when the gate names it). Other vector outputs are never computed for nothing.
#[cfg(feature = "inference")]
fn gate_output(card: &ModelCard) -> Option<&crate::card::TensorSpec> {
    let ood = card.quality_gate.as_ref()?.ood.as_ref()?;
    card.outputs.vector(&ood.output)
}

/// Number of values in a tensor of `shape`.
#[cfg(feature = "inference")]
fn shape_len(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// A card shape `[1, ...]` with `n` in the batch dimension.
#[cfg(feature = "inference")]
fn batch_shape(shape: &[usize], n: usize) -> Vec<usize> {
    let mut s = shape.to_vec();
    s[0] = n;
    s
}
