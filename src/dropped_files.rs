//! The files of a drop, folders included: a dropped folder is walked (sub-folders too) through
//! the File and Directory Entries API, each file named by its path inside the drop
//! ("moles/2024/a.jpg"), as a folder chosen with the folder picker is.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// A file and the name it is listed under.
pub type NamedFile = (web_sys::File, String);

/// What was dropped, in the browser's order. The entries are taken synchronously (the drop's
/// items are only readable during the event); the walk itself is async.
pub fn take_entries(data: &DataTransfer) -> Vec<DroppedItem> {
    let items = data.items();
    let mut out = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        match item.webkit_get_as_entry().ok().flatten() {
            Some(entry) => out.push(DroppedItem::Entry(entry)),
            // Drops without entries (built by a script, older browsers): plain files.
            None => {
                if let Some(file) = item.get_as_file().ok().flatten() {
                    out.push(DroppedItem::File(file));
                }
            }
        }
    }
    out
}

pub enum DroppedItem {
    Entry(FileSystemEntry),
    File(web_sys::File),
}

/// Every file under the dropped items. A folder that cannot be read is reported by name.
pub async fn walk(items: Vec<DroppedItem>) -> (Vec<NamedFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    let mut stack: Vec<FileSystemEntry> = Vec::new();
    for item in items {
        match item {
            DroppedItem::File(file) => {
                let name = file.name();
                files.push((file, name));
            }
            DroppedItem::Entry(entry) => stack.push(entry),
        }
    }
    while let Some(entry) = stack.pop() {
        let path = entry.full_path().trim_start_matches('/').to_owned();
        if entry.is_file() {
            let entry: FileSystemFileEntry = entry.unchecked_into();
            let file = Promise::new(&mut |resolve: Function, reject: Function| {
                entry.file_with_callback_and_callback(&resolve, &reject);
            });
            match JsFuture::from(file)
                .await
                .ok()
                .and_then(|f| f.dyn_into::<web_sys::File>().ok())
            {
                Some(file) => files.push((file, path)),
                None => unreadable.push(path),
            }
        } else if entry.is_directory() {
            let reader = entry
                .unchecked_into::<FileSystemDirectoryEntry>()
                .create_reader();
            // readEntries answers in chunks (100 in Chromium) until it answers none.
            loop {
                let chunk = Promise::new(&mut |resolve: Function, reject: Function| {
                    if let Err(e) =
                        reader.read_entries_with_callback_and_callback(&resolve, &reject)
                    {
                        let _ = reject.call1(&JsValue::NULL, &e);
                    }
                });
                match JsFuture::from(chunk).await {
                    Ok(list) => {
                        let list: Array = list.unchecked_into();
                        if list.length() == 0 {
                            break;
                        }
                        // Reversed onto the stack, so files come out in the folder's order.
                        let mut entries: Vec<FileSystemEntry> =
                            list.iter().map(|e| e.unchecked_into()).collect();
                        entries.reverse();
                        stack.extend(entries);
                    }
                    Err(_) => {
                        unreadable.push(path.clone());
                        break;
                    }
                }
            }
        }
    }
    (files, unreadable)
}

/// Accepts drops anywhere on the page (window-wide, so a drop that misses the zone does not
/// navigate away to the file): `dragging` is true while something is dragged over the page,
/// `on_drop` gets the drop's data during the event. The listeners go with the calling
/// component.
pub fn accept_window_drops(
    dragging: leptos::prelude::RwSignal<bool>,
    on_drop: impl Fn(DataTransfer) + 'static,
) {
    use leptos::ev;
    use leptos::prelude::{on_cleanup, window_event_listener, Set};
    let over = window_event_listener(ev::dragover, move |e| {
        e.prevent_default();
        dragging.set(true);
    });
    let leave = window_event_listener(ev::dragleave, move |e| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e| {
        e.prevent_default();
        dragging.set(false);
        if let Some(data) = e.data_transfer() {
            on_drop(data);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
}
