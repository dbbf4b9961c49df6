//! The lesion diary in the browser's IndexedDB: one record per [`HistoryEntry`] (its JSON,
//! keyed by its id) in `history`, the photo a person chose to keep in `photos` under the same
//! id (so listing the diary never reads the photos), and one [`Recheck`] per lesion in
//! `rechecks`, keyed by the lesion's label. Nothing is written unless the user saves or
//! imports; every failure is a [`StorageError`] with a message a person can act on.

use std::collections::HashMap;

use js_sys::{Array, Function, Promise};
use skincheck_history::{HistoryEntry, Recheck};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

mod error;

pub use error::StorageError;

const DATABASE: &str = "skincheck";
/// 1: `history` only; 2: `photos` and `rechecks` added (an upgrade keeps every entry).
const VERSION: u32 = 2;
const STORE: &str = "history";
const PHOTOS: &str = "photos";
const RECHECKS: &str = "rechecks";
const STORES: [&str; 3] = [STORE, PHOTOS, RECHECKS];

/// What [`HistoryStore::all`] read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub entries: Vec<HistoryEntry>,
    /// The keys of stored records that are not valid entries (left in place, not shown, and
    /// never overwritten by an import).
    pub damaged: Vec<String>,
    /// The ids of entries whose photo is kept (the photos themselves: [`HistoryStore::photos`]).
    pub photo_ids: Vec<String>,
    pub rechecks: Vec<Recheck>,
}

/// How much the diary takes in this browser's storage (the text stored, as UTF-16 counts it
/// is close to what the browser keeps).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DiarySize {
    pub entries: usize,
    pub photos: usize,
    pub bytes: u64,
}

thread_local! {
    /// One connection for the page's lifetime, opened on first use.
    static CONNECTION: std::cell::RefCell<Option<IdbDatabase>> = const { std::cell::RefCell::new(None) };
}

/// An open connection to the history database.
#[derive(Clone)]
pub struct HistoryStore {
    db: IdbDatabase,
}

impl HistoryStore {
    /// The page's connection, opening (and on first use creating) the database if needed.
    pub async fn open() -> Result<HistoryStore, StorageError> {
        if let Some(db) = CONNECTION.with_borrow(|c| c.clone()) {
            return Ok(HistoryStore { db });
        }
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or(StorageError::Unavailable)?;
        let request = factory
            .open_with_u32(DATABASE, VERSION)
            .map_err(|e| StorageError::from_js(&e))?;
        let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut()>::new({
            let request = request.clone();
            move || {
                if let Some(db) = request
                    .result()
                    .ok()
                    .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
                {
                    for name in STORES {
                        if !db.object_store_names().contains(name) {
                            // Failure here aborts the open, which reports it below.
                            let _ = db.create_object_store(name);
                        }
                    }
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let blocked = Promise::new(&mut |_resolve, reject| request.set_onblocked(Some(&reject)));
        let opened = settle(&request);
        // Whichever comes first: opened (or failed), or blocked by an older open tab.
        let raced = JsFuture::from(Promise::race(&Array::of2(&opened, &blocked))).await;
        request.set_onupgradeneeded(None);
        drop(upgrade);
        if raced.is_err() && request.ready_state() != web_sys::IdbRequestReadyState::Done {
            return Err(StorageError::Blocked);
        }
        let db = request_result(&request, raced)?
            .dyn_into::<IdbDatabase>()
            .map_err(|_| StorageError::NotOpened)?;
        CONNECTION.with_borrow_mut(|c| *c = Some(db.clone()));
        Ok(HistoryStore { db })
    }

    /// Every saved entry (without its photo), in no particular order, with the ids of the
    /// kept photos and the re-check plans. A damaged record (edited by hand, written by a
    /// broken version) is counted, not fatal: the rest stay readable and exportable.
    pub async fn all(&self) -> Result<Loaded, StorageError> {
        let (_, stores) = self.stores(IdbTransactionMode::Readonly)?;
        let [history, photos, rechecks] = &stores;
        let values = history.get_all().map_err(|e| StorageError::from_js(&e))?;
        let keys = history
            .get_all_keys()
            .map_err(|e| StorageError::from_js(&e))?;
        let photo_keys = photos
            .get_all_keys()
            .map_err(|e| StorageError::from_js(&e))?;
        let plans = rechecks.get_all().map_err(|e| StorageError::from_js(&e))?;
        // All listen before any is awaited; both history lists are in key order.
        let pending = [&values, &keys, &photo_keys, &plans].map(settle);
        let mut arrays = Vec::with_capacity(4);
        for (request, done) in [&values, &keys, &photo_keys, &plans]
            .into_iter()
            .zip(pending)
        {
            let settled = JsFuture::from(done).await;
            arrays.push(Array::from(&request_result(request, settled)?));
        }
        let mut loaded = Loaded::default();
        for (value, key) in arrays[0].iter().zip(arrays[1].iter()) {
            let entry = value
                .as_string()
                .and_then(|text| serde_json::from_str::<HistoryEntry>(&text).ok())
                .filter(|entry| entry.validate().is_ok());
            match entry {
                Some(entry) => loaded.entries.push(entry),
                None => loaded
                    .damaged
                    .push(key.as_string().unwrap_or_else(|| format!("{key:?}"))),
            }
        }
        loaded.photo_ids = arrays[2].iter().filter_map(|k| k.as_string()).collect();
        // A damaged plan is dropped from view; the lesion simply has none.
        loaded.rechecks = arrays[3]
            .iter()
            .filter_map(|v| v.as_string())
            .filter_map(|text| serde_json::from_str::<Recheck>(&text).ok())
            .filter(|r| r.validate().is_ok())
            .collect();
        Ok(loaded)
    }

    /// The kept photos of `ids` (those without one are left out).
    pub async fn photos(&self, ids: &[String]) -> Result<HashMap<String, String>, StorageError> {
        let (_, stores) = self.stores(IdbTransactionMode::Readonly)?;
        let requests = ids
            .iter()
            .map(|id| {
                let request = stores[1]
                    .get(&JsValue::from_str(id))
                    .map_err(|e| StorageError::from_js(&e))?;
                Ok((id, settle(&request), request))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let mut photos = HashMap::new();
        for (id, done, request) in requests {
            let settled = JsFuture::from(done).await;
            if let Some(photo) = request_result(&request, settled)?.as_string() {
                photos.insert(id.clone(), photo);
            }
        }
        Ok(photos)
    }

    /// Entries, photos and plans as stored: what the diary takes in this browser.
    pub async fn size(&self) -> Result<DiarySize, StorageError> {
        let (_, stores) = self.stores(IdbTransactionMode::Readonly)?;
        let requests = stores
            .iter()
            .map(|store| store.get_all().map_err(|e| StorageError::from_js(&e)))
            .collect::<Result<Vec<_>, _>>()?;
        let pending: Vec<Promise> = requests.iter().map(settle).collect();
        let mut counts = [0usize; 3];
        let mut bytes = 0u64;
        for (i, (request, done)) in requests.iter().zip(pending).enumerate() {
            let settled = JsFuture::from(done).await;
            let values = Array::from(&request_result(request, settled)?);
            counts[i] = values.length() as usize;
            bytes += values
                .iter()
                .filter_map(|v| v.as_string())
                .map(|t| t.len() as u64)
                .sum::<u64>();
        }
        Ok(DiarySize {
            entries: counts[0],
            photos: counts[1],
            bytes,
        })
    }

    /// Saves (or replaces, by id) `entries` in one transaction, each photo in `photos`
    /// beside its entry: all are stored or none.
    pub async fn put_all(&self, entries: &[HistoryEntry]) -> Result<(), StorageError> {
        let (tx, stores) = self.stores(IdbTransactionMode::Readwrite)?;
        for entry in entries {
            let mut record = entry.clone();
            let photo = record.photo.take();
            let json =
                serde_json::to_string(&record).map_err(|e| StorageError::Failed(e.to_string()))?;
            let key = JsValue::from_str(&entry.id);
            let mut put = stores[0].put_with_key(&JsValue::from_str(&json), &key);
            if let (Ok(_), Some(photo)) = (&put, photo) {
                put = stores[1].put_with_key(&JsValue::from_str(&photo), &key);
            }
            if let Err(e) = put {
                let _ = tx.abort();
                return Err(StorageError::from_js(&e));
            }
        }
        commit(&tx).await
    }

    /// Deletes an entry and its photo.
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let (tx, stores) = self.stores(IdbTransactionMode::Readwrite)?;
        for store in &stores[..2] {
            store
                .delete(&JsValue::from_str(id))
                .map_err(|e| StorageError::from_js(&e))?;
        }
        commit(&tx).await
    }

    /// Deletes everything: entries, photos and re-check plans.
    pub async fn clear(&self) -> Result<(), StorageError> {
        let (tx, stores) = self.stores(IdbTransactionMode::Readwrite)?;
        for store in &stores {
            store.clear().map_err(|e| StorageError::from_js(&e))?;
        }
        commit(&tx).await
    }

    /// Stores the plans (one per lesion, replacing that lesion's).
    pub async fn put_rechecks(&self, rechecks: &[Recheck]) -> Result<(), StorageError> {
        let (tx, stores) = self.stores(IdbTransactionMode::Readwrite)?;
        for recheck in rechecks {
            let json =
                serde_json::to_string(recheck).map_err(|e| StorageError::Failed(e.to_string()))?;
            if let Err(e) = stores[2].put_with_key(
                &JsValue::from_str(&json),
                &JsValue::from_str(&recheck.lesion),
            ) {
                let _ = tx.abort();
                return Err(StorageError::from_js(&e));
            }
        }
        commit(&tx).await
    }

    /// Ends the re-check plan of a lesion.
    pub async fn delete_recheck(&self, lesion: &str) -> Result<(), StorageError> {
        let (tx, stores) = self.stores(IdbTransactionMode::Readwrite)?;
        stores[2]
            .delete(&JsValue::from_str(lesion))
            .map_err(|e| StorageError::from_js(&e))?;
        commit(&tx).await
    }

    /// One transaction over the three stores, in [`STORES`] order.
    fn stores(
        &self,
        mode: IdbTransactionMode,
    ) -> Result<(IdbTransaction, [IdbObjectStore; 3]), StorageError> {
        let names = Array::new();
        for name in STORES {
            names.push(&JsValue::from_str(name));
        }
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| {
                // The browser may have closed the connection: open afresh next time.
                CONNECTION.with_borrow_mut(|c| *c = None);
                StorageError::from_js(&e)
            })?;
        let store = |name| tx.object_store(name).map_err(|e| StorageError::from_js(&e));
        let stores = [store(STORE)?, store(PHOTOS)?, store(RECHECKS)?];
        Ok((tx, stores))
    }
}

/// A promise settled by the request's success or error event.
fn settle(request: &IdbRequest) -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    })
}

fn request_result(
    request: &IdbRequest,
    settled: Result<JsValue, JsValue>,
) -> Result<JsValue, StorageError> {
    match settled {
        Ok(_) => request.result().map_err(|e| StorageError::from_js(&e)),
        Err(_) => Err(match request.error() {
            Ok(Some(e)) => StorageError::from_js(&e.into()),
            _ => StorageError::RequestFailed,
        }),
    }
}

/// Waits for the transaction to commit; an abort (quota, for one) is its error.
async fn commit(tx: &IdbTransaction) -> Result<(), StorageError> {
    let done = Promise::new(&mut |resolve: Function, reject: Function| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    match JsFuture::from(done).await {
        Ok(_) => Ok(()),
        Err(_) => Err(tx.error().map_or_else(
            || StorageError::NotSaved,
            |e| StorageError::from_js(&e.into()),
        )),
    }
}
