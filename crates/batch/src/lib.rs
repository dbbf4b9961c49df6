//! The batch page's queue, as a plain state machine: files wait, one runs at a time, each ends
//! classified or failed, the rest can be cancelled. It computes the progress line (n of N,
//! time left), the table's sort orders and the CSV export, which has exactly the columns of
//! the CLI's `classify --csv` (shared through `skincheck_core::record`).
//!
//! The queue never sees pixels or files: the app keeps the file handles and passes results
//! in, so 200 rows cost 200 records and 200 small thumbnails (`T`).

mod queue;
mod sort;

pub use queue::{BatchQueue, BatchRow, Progress, RowStatus};
pub use sort::{SortDirection, SortKey};
