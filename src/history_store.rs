//! The saved results in the browser's IndexedDB, one record per [`HistoryEntry`] (its JSON,
//! keyed by its id). Nothing is written unless the user saves or imports; every failure is a
//! [`StorageError`] with a message a person can act on.

use js_sys::{Array, Function, Promise};
use skincheck_history::HistoryEntry;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode,
};

const DATABASE: &str = "skincheck";
const VERSION: u32 = 1;
const STORE: &str = "history";

/// Why the history could not be read or written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error(
        "this browser gives SkinCheck no storage (private browsing, or site data blocked): results \
         cannot be saved here; export them to a file instead"
    )]
    Unavailable,
    #[error(
        "the browser's storage for this site is full: delete older entries (or export the \
         history to a file and clear it), then save again"
    )]
    QuotaExceeded,
    #[error("another SkinCheck tab is upgrading the saved history: close other SkinCheck tabs and reload")]
    Blocked,
    #[error("the browser's storage failed: {0}")]
    Failed(String),
}

impl StorageError {
    /// Sorts a DOMException (or anything thrown) into the cases a user can act on.
    fn from_js(error: &JsValue) -> Self {
        match error.dyn_ref::<DomException>() {
            Some(e) => match e.name().as_str() {
                "QuotaExceededError" => StorageError::QuotaExceeded,
                "SecurityError" | "InvalidStateError" => StorageError::Unavailable,
                _ => StorageError::Failed(format!("{}: {}", e.name(), e.message())),
            },
            None => StorageError::Failed(error.as_string().unwrap_or_else(|| format!("{error:?}"))),
        }
    }
}

/// What [`HistoryStore::all`] read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub entries: Vec<HistoryEntry>,
    /// The keys of stored records that are not valid entries (left in place, not shown, and
    /// never overwritten by an import).
    pub damaged: Vec<String>,
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
                    if !db.object_store_names().contains(STORE) {
                        // Failure here aborts the open, which reports it below.
                        let _ = db.create_object_store(STORE);
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
            .map_err(|_| StorageError::Failed("the database did not open".into()))?;
        CONNECTION.with_borrow_mut(|c| *c = Some(db.clone()));
        Ok(HistoryStore { db })
    }

    /// Every saved entry, in no particular order. A damaged record (edited by hand, written
    /// by a broken version) is counted, not fatal: the rest stay readable and exportable.
    pub async fn all(&self) -> Result<Loaded, StorageError> {
        let (_, store) = self.store(IdbTransactionMode::Readonly)?;
        let values = store.get_all().map_err(|e| StorageError::from_js(&e))?;
        let keys = store
            .get_all_keys()
            .map_err(|e| StorageError::from_js(&e))?;
        // Both listen before either is awaited; both list the records in key order.
        let (values_done, keys_done) = (settle(&values), settle(&keys));
        let settled = JsFuture::from(values_done).await;
        let values: Array = request_result(&values, settled)?.unchecked_into();
        let settled = JsFuture::from(keys_done).await;
        let keys: Array = request_result(&keys, settled)?.unchecked_into();
        let mut loaded = Loaded::default();
        for (value, key) in values.iter().zip(keys.iter()) {
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
        Ok(loaded)
    }

    /// Saves (or replaces, by id) `entries` in one transaction: all are stored or none.
    pub async fn put_all(&self, entries: &[HistoryEntry]) -> Result<(), StorageError> {
        let (tx, store) = self.store(IdbTransactionMode::Readwrite)?;
        for entry in entries {
            let json =
                serde_json::to_string(entry).map_err(|e| StorageError::Failed(e.to_string()))?;
            if let Err(e) =
                store.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(&entry.id))
            {
                let _ = tx.abort();
                return Err(StorageError::from_js(&e));
            }
        }
        commit(&tx).await
    }

    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let (tx, store) = self.store(IdbTransactionMode::Readwrite)?;
        store
            .delete(&JsValue::from_str(id))
            .map_err(|e| StorageError::from_js(&e))?;
        commit(&tx).await
    }

    pub async fn clear(&self) -> Result<(), StorageError> {
        let (tx, store) = self.store(IdbTransactionMode::Readwrite)?;
        store.clear().map_err(|e| StorageError::from_js(&e))?;
        commit(&tx).await
    }

    fn store(
        &self,
        mode: IdbTransactionMode,
    ) -> Result<(IdbTransaction, IdbObjectStore), StorageError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(|e| {
                // The browser may have closed the connection: open afresh next time.
                CONNECTION.with_borrow_mut(|c| *c = None);
                StorageError::from_js(&e)
            })?;
        let store = tx
            .object_store(STORE)
            .map_err(|e| StorageError::from_js(&e))?;
        Ok((tx, store))
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
            _ => StorageError::Failed("the request failed".into()),
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
            || StorageError::Failed("the change was not saved".into()),
            |e| StorageError::from_js(&e.into()),
        )),
    }
}
