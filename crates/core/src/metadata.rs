//! Optional patient details (age, sex, body site) and their encoding into the model's
//! metadata vector, exactly as the card describes it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::MetadataError;

/// Age in whole years, 0..=120.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Age(u8);

impl Age {
    pub const MAX: u8 = 120;

    pub fn new(years: u8) -> Result<Self, MetadataError> {
        if years > Self::MAX {
            return Err(MetadataError::AgeOutOfRange {
                given: years.to_string(),
                max: Self::MAX,
            });
        }
        Ok(Age(years))
    }

    /// Accepts the fractional ages of the HAM10000 and ISIC CSVs ("45.0").
    pub fn from_years_f32(years: f32) -> Result<Self, MetadataError> {
        if !years.is_finite() || !(0.0..=f32::from(Self::MAX)).contains(&years) {
            return Err(MetadataError::AgeOutOfRange {
                given: years.to_string(),
                max: Self::MAX,
            });
        }
        Ok(Age(years.round() as u8))
    }

    pub fn years(self) -> u8 {
        self.0
    }

    /// A data file's age field: `None` when it gives no value ([`not_given`]), else the
    /// age or why it is not one. The training code reads its CSVs by the same rule
    /// (tests/fixtures/rules/age_cases.json).
    pub fn from_field(field: &str) -> Result<Option<Self>, MetadataError> {
        if not_given(field) {
            Ok(None)
        } else {
            field.parse().map(Some)
        }
    }
}

/// A CSV field that gives no value: empty, `unknown` or `nan` (any case, spaces around).
pub fn not_given(field: &str) -> bool {
    let t = field.trim();
    t.is_empty() || t.eq_ignore_ascii_case("unknown") || t.eq_ignore_ascii_case("nan")
}

impl FromStr for Age {
    type Err = MetadataError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let years: f32 = s.trim().parse().map_err(|_| MetadataError::AgeOutOfRange {
            given: s.to_owned(),
            max: Self::MAX,
        })?;
        Self::from_years_f32(years)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Male, Sex::Female];

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl FromStr for Sex {
    type Err = MetadataError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Ok(Sex::Male),
            "female" | "f" => Ok(Sex::Female),
            _ => Err(MetadataError::UnknownSex(s.to_owned())),
        }
    }
}

/// The 14 named body sites of HAM10000 (its 15th value is "unknown", i.e. `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum BodySite {
    Abdomen,
    Acral,
    Back,
    Chest,
    Ear,
    Face,
    Foot,
    Genital,
    Hand,
    LowerExtremity,
    Neck,
    Scalp,
    Trunk,
    UpperExtremity,
}

impl BodySite {
    pub const ALL: [BodySite; 14] = [
        BodySite::Abdomen,
        BodySite::Acral,
        BodySite::Back,
        BodySite::Chest,
        BodySite::Ear,
        BodySite::Face,
        BodySite::Foot,
        BodySite::Genital,
        BodySite::Hand,
        BodySite::LowerExtremity,
        BodySite::Neck,
        BodySite::Scalp,
        BodySite::Trunk,
        BodySite::UpperExtremity,
    ];

    /// The HAM10000 `localization` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BodySite::Abdomen => "abdomen",
            BodySite::Acral => "acral",
            BodySite::Back => "back",
            BodySite::Chest => "chest",
            BodySite::Ear => "ear",
            BodySite::Face => "face",
            BodySite::Foot => "foot",
            BodySite::Genital => "genital",
            BodySite::Hand => "hand",
            BodySite::LowerExtremity => "lower extremity",
            BodySite::Neck => "neck",
            BodySite::Scalp => "scalp",
            BodySite::Trunk => "trunk",
            BodySite::UpperExtremity => "upper extremity",
        }
    }

    /// Human label for forms ("Lower extremity (leg)").
    pub fn label(self) -> &'static str {
        match self {
            BodySite::Abdomen => "Abdomen",
            BodySite::Acral => "Acral (palm or sole)",
            BodySite::Back => "Back",
            BodySite::Chest => "Chest",
            BodySite::Ear => "Ear",
            BodySite::Face => "Face",
            BodySite::Foot => "Foot",
            BodySite::Genital => "Genital",
            BodySite::Hand => "Hand",
            BodySite::LowerExtremity => "Lower extremity (leg)",
            BodySite::Neck => "Neck",
            BodySite::Scalp => "Scalp",
            BodySite::Trunk => "Trunk",
            BodySite::UpperExtremity => "Upper extremity (arm)",
        }
    }

    /// Parses a HAM10000 localization; `Ok(None)` for "unknown" or an empty field.
    pub fn parse_ham(s: &str) -> Result<Option<Self>, MetadataError> {
        let norm = s.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        if norm.is_empty() || norm == "unknown" {
            return Ok(None);
        }
        Self::ALL
            .into_iter()
            .find(|site| site.as_str() == norm)
            .map(Some)
            .ok_or_else(|| MetadataError::UnknownSite {
                given: s.to_owned(),
                known: Self::ALL.map(|x| x.as_str()).join(", "),
            })
    }

    /// Maps an ISIC challenge `anatom_site_general` value onto the HAM vocabulary.
    ///
    /// ISIC uses coarser regions, so the mapping picks the HAM site that covers the region:
    /// anterior/lateral torso and torso -> trunk, posterior torso -> back, head/neck -> face
    /// (HAM's most frequent head-and-neck site), palms/soles -> acral, oral/genital -> genital,
    /// upper/lower extremity unchanged; empty or unknown -> no site.
    pub fn parse_isic(s: &str) -> Result<Option<Self>, MetadataError> {
        let norm = s.trim().to_ascii_lowercase().replace('_', " ");
        let site = match norm.as_str() {
            "" | "unknown" | "nan" | "na" => return Ok(None),
            "anterior torso" | "lateral torso" | "torso" => BodySite::Trunk,
            "posterior torso" => BodySite::Back,
            "head/neck" | "head neck" => BodySite::Face,
            "palms/soles" | "palms soles" => BodySite::Acral,
            "oral/genital" | "oral genital" => BodySite::Genital,
            "upper extremity" => BodySite::UpperExtremity,
            "lower extremity" => BodySite::LowerExtremity,
            _ => return Self::parse_ham(s),
        };
        Ok(Some(site))
    }
}

impl fmt::Display for BodySite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<BodySite> for String {
    fn from(site: BodySite) -> String {
        site.as_str().to_owned()
    }
}

impl TryFrom<String> for BodySite {
    type Error = MetadataError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        BodySite::parse_ham(&s)?.ok_or(MetadataError::UnknownSite {
            given: s,
            known: "a named site".into(),
        })
    }
}

impl FromStr for BodySite {
    type Err = MetadataError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BodySite::try_from(s.to_owned())
    }
}

/// Where each detail goes in the model's metadata vector; part of the model card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetadataEncoding {
    pub length: usize,
    pub age_index: usize,
    pub age_missing_index: usize,
    pub age_divisor: f32,
    pub sex_offset: usize,
    pub sex_values: Vec<String>,
    pub site_offset: usize,
    pub site_values: Vec<String>,
}

impl MetadataEncoding {
    /// Every index inside the vector and every value this code can send named, so
    /// `PatientMetadata::encode` can index without checks.
    pub fn validate(&self) -> Result<(), String> {
        if self.sex_values.is_empty() || self.site_values.is_empty() {
            return Err("metadata encoding needs sex and site values".into());
        }
        let last_sex = self.sex_offset.checked_add(self.sex_values.len() - 1);
        let last_site = self.site_offset.checked_add(self.site_values.len() - 1);
        let slots = [
            Some(self.age_index),
            Some(self.age_missing_index),
            last_sex,
            last_site,
        ];
        if slots.iter().any(|i| i.is_none_or(|i| i >= self.length)) {
            return Err("metadata encoding indices exceed its length".into());
        }
        // At least 1 (the contract's is 100): a tiny positive divisor made the age infinite.
        if !(self.age_divisor.is_finite() && self.age_divisor >= 1.0) {
            return Err(format!(
                "age_divisor {} must be a finite number of at least 1",
                self.age_divisor
            ));
        }
        for name in Sex::ALL.iter().map(|s| s.as_str()).chain(["unknown"]) {
            if !self.sex_values.iter().any(|v| v == name) {
                return Err(format!("sex value {name:?} missing from the encoding"));
            }
        }
        for name in BodySite::ALL.iter().map(|s| s.as_str()).chain(["unknown"]) {
            if !self.site_values.iter().any(|v| v == name) {
                return Err(format!("body site {name:?} missing from the encoding"));
            }
        }
        Ok(())
    }
}

/// What the user chose to tell; every field may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PatientMetadata {
    pub age: Option<Age>,
    pub sex: Option<Sex>,
    pub site: Option<BodySite>,
}

impl PatientMetadata {
    /// The model's metadata vector. The card was validated to name every sex and site value.
    pub fn encode(&self, enc: &MetadataEncoding) -> Vec<f32> {
        let mut v = vec![0.0; enc.length];
        match self.age {
            Some(age) => v[enc.age_index] = f32::from(age.years()) / enc.age_divisor,
            None => v[enc.age_missing_index] = 1.0,
        }
        let sex = self.sex.map_or("unknown", Sex::as_str);
        let site = self.site.map_or("unknown", BodySite::as_str);
        set_one_hot(&mut v, enc.sex_offset, &enc.sex_values, sex);
        set_one_hot(&mut v, enc.site_offset, &enc.site_values, site);
        v
    }
}

fn set_one_hot(v: &mut [f32], offset: usize, values: &[String], name: &str) {
    if let Some(i) = values.iter().position(|x| x == name) {
        v[offset + i] = 1.0;
    }
}
