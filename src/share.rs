//! Sharing files through the Web Share API (`navigator.share({ files })`): where the browser
//! can (mostly phones), the report and photos go to the app the person picks (mail, a
//! messenger); elsewhere the Share button is not shown. Nothing is sent anywhere by SkinCheck.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FilePropertyBag, ShareData};

use skincheck_history::messages::shared_text;

use crate::browser::js_error_text;
use crate::i18n::{language, td_string, Locale};

/// A file to share, made when shared.
pub enum ShareFile {
    Text {
        name: String,
        text: String,
    },
    /// A `data:image/jpeg;base64,…` photo.
    DataUrl {
        name: String,
        url: String,
    },
}

impl ShareFile {
    pub fn text(name: &str, text: &str) -> Self {
        ShareFile::Text {
            name: name.into(),
            text: text.into(),
        }
    }

    pub fn data_url(name: &str, url: &str) -> Self {
        ShareFile::DataUrl {
            name: name.into(),
            url: url.into(),
        }
    }

    fn to_file(&self, locale: Locale) -> Result<File, String> {
        let not_a_photo = || td_string!(locale, report.share_not_a_photo).to_owned();
        let (name, mime, bytes) = match self {
            ShareFile::Text { name, text } => {
                (name, "text/plain".to_owned(), text.as_bytes().to_vec())
            }
            ShareFile::DataUrl { name, url } => {
                let (head, data) = url.split_once(',').ok_or_else(not_a_photo)?;
                let mime = head
                    .strip_prefix("data:")
                    .and_then(|h| h.strip_suffix(";base64"))
                    .ok_or_else(not_a_photo)?;
                let window = web_sys::window().ok_or_else(not_a_photo)?;
                let binary = window.atob(data).map_err(|e| js_error_text(&e))?;
                // atob gives one char per byte (all below 256).
                let bytes = binary.chars().map(|c| c as u32 as u8).collect();
                (name, mime.to_owned(), bytes)
            }
        };
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
        let options = FilePropertyBag::new();
        options.set_type(&mime);
        File::new_with_u8_array_sequence_and_options(&parts, name, &options)
            .map_err(|e| js_error_text(&e))
    }
}

/// Whether this browser shares files.
#[derive(Debug, Clone, Copy)]
pub struct Sharing {
    files: bool,
}

impl Sharing {
    pub fn detect() -> Self {
        let files = (|| {
            let navigator = web_sys::window()?.navigator();
            let has = |name: &str| js_sys::Reflect::has(&navigator, &name.into()).unwrap_or(false);
            if !has("share") || !has("canShare") {
                return Some(false);
            }
            let probe = ShareFile::text("probe.txt", "probe")
                .to_file(Locale::default())
                .ok()?;
            let data = ShareData::new();
            data.set_files(&js_sys::Array::of1(&probe));
            Some(navigator.can_share_with_data(&data))
        })();
        Sharing {
            files: files.unwrap_or(false),
        }
    }

    pub fn can_share_files(&self) -> bool {
        self.files
    }
}

/// Opens the share sheet with `files`; what to tell the person afterwards, in `locale`.
pub async fn share_files(
    title: &str,
    text: &str,
    files: Vec<ShareFile>,
    locale: Locale,
) -> Result<String, String> {
    let failed = |detail: String| format!("{} {detail}", td_string!(locale, report.share_failed));
    let navigator = web_sys::window()
        .ok_or_else(|| td_string!(locale, report.share_unsupported).to_owned())?
        .navigator();
    let list = js_sys::Array::new();
    for file in &files {
        list.push(&file.to_file(locale).map_err(failed)?.into());
    }
    let data = ShareData::new();
    data.set_title(title);
    data.set_text(text);
    data.set_files(&list);
    if !navigator.can_share_with_data(&data) {
        return Err(td_string!(locale, report.share_unsupported).to_owned());
    }
    match JsFuture::from(navigator.share_with_data(&data)).await {
        Ok(_) => Ok(shared_text(files.len(), language(locale))),
        // The person closed the share sheet.
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "AbortError") =>
        {
            Ok(td_string!(locale, report.not_shared).to_owned())
        }
        Err(e) => Err(failed(js_error_text(&e))),
    }
}
