//! Finding and loading the model + card pair the CLI runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use skincheck_core::{Classifier, ModelCard};

use crate::error::{read, CliError};

/// Where the model is unless `--model` says otherwise: the app's shipped copy.
pub const DEFAULT_MODEL: &str = "assets/model.onnx";

/// The card sits beside the model with a `.json` extension unless given.
pub fn card_path(model: &Path, card: Option<&Path>) -> PathBuf {
    card.map(Path::to_owned)
        .unwrap_or_else(|| model.with_extension("json"))
}

pub struct Loaded {
    pub classifier: Classifier,
    pub load_time: Duration,
}

pub fn load(model: &Path, card: Option<&Path>) -> Result<Loaded, CliError> {
    let card_path = card_path(model, card);
    let card_text = String::from_utf8_lossy(&read(&card_path)?).into_owned();
    let card = ModelCard::from_json(&card_text).map_err(|source| CliError::Card {
        path: card_path.clone(),
        source,
    })?;
    let bytes = read(model)?;
    let start = Instant::now();
    let classifier = Classifier::from_bytes(card, &bytes).map_err(|source| CliError::Model {
        path: model.to_owned(),
        source,
    })?;
    Ok(Loaded {
        classifier,
        load_time: start.elapsed(),
    })
}
