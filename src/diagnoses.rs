//! Short, sourced descriptions of the seven HAM10000 diagnoses, for the result panel.
//! Written for a lay reader; each names its sources in text (no links to other origins).

/// One diagnosis as explained to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagnosis {
    pub code: &'static str,
    pub summary: &'static str,
    pub source: &'static str,
}

/// The HAM10000 data descriptor, cited by every entry.
pub const HAM10000: &str = "Tschandl, Rosendahl & Kittler, \"The HAM10000 dataset\", \
    Sci. Data 5:180161 (2018), doi:10.1038/sdata.2018.161";

pub const DIAGNOSES: [Diagnosis; 7] = [
    Diagnosis {
        code: "nv",
        summary: "A mole: a benign growth of melanocytes, the skin's pigment cells. Most are \
            evenly coloured, round or oval, and stay the same for years. It is by far the \
            largest group in HAM10000 (6705 of 10015 images).",
        source: "HAM10000 data descriptor; DermNet NZ, \"Melanocytic naevus\"",
    },
    Diagnosis {
        code: "mel",
        summary: "A malignant tumour of melanocytes that can spread to other organs; found \
            early, it is usually cured by simple excision. Warning signs include asymmetry, \
            an irregular border, several colours, growth and any change over time. HAM10000 \
            includes invasive melanoma and melanoma in situ.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Melanoma\"",
    },
    Diagnosis {
        code: "bkl",
        summary: "A group of benign lesions: seborrhoeic keratoses (\"senile warts\"), solar \
            lentigines (flat sun spots, regarded as a flat variant) and lichen-planus-like \
            keratoses (an inflamed, regressing form of either). Common from middle age on.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Seborrhoeic keratosis\"",
    },
    Diagnosis {
        code: "bcc",
        summary: "The most common skin cancer. It grows slowly and very rarely spreads, but \
            destroys surrounding tissue if left untreated. It appears on sun-exposed skin as \
            a pearly, flat, nodular or pigmented patch or bump that may bleed.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Basal cell carcinoma\"",
    },
    Diagnosis {
        code: "akiec",
        summary: "Actinic (solar) keratoses and intraepithelial carcinoma (Bowen's disease): \
            rough, scaly patches on sun-damaged skin. They are early, non-invasive forms of \
            squamous cell carcinoma that can usually be treated without surgery, but can \
            progress to invasive cancer.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Actinic keratosis\"",
    },
    Diagnosis {
        code: "vasc",
        summary: "Lesions made of blood vessels, from cherry angiomas to angiokeratomas and \
            pyogenic granulomas; HAM10000 also files haemorrhage here. Typically red, purple \
            or dark blue, and mostly benign.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Cherry angioma\"",
    },
    Diagnosis {
        code: "df",
        summary: "A common benign firm bump, often on the legs, thought to be a reaction to \
            minor injury such as an insect bite. It dimples when pinched; under the \
            dermatoscope it often shows a central white patch with a fine brown network \
            around it.",
        source: "HAM10000 data descriptor; DermNet NZ, \"Dermatofibroma\"",
    },
];

/// The description of a class code, if the model's class is one of HAM10000's seven.
pub fn describe(code: &str) -> Option<&'static Diagnosis> {
    DIAGNOSES.iter().find(|d| d.code == code)
}
