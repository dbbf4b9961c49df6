//! The inference worker's wasm without its function names. wasm-bindgen keeps the `name`
//! custom section (1.5 MB of the 19 MB worker, 0.37 MB of its 4.6 MB gzip), which only
//! debuggers and profilers read: every first visit would download it for nothing. The page's
//! wasm is left as it is: trunk pins its bytes with an integrity attribute in index.html (and
//! its wasm-opt pass has already dropped its names). `SKINCHECK_KEEP_WASM_NAMES=1` keeps them
//! for a build that is to be profiled (`scripts/bench.sh wasm-opt-off`).

use wasmparser::{Chunk, Parser, Payload};

/// The worker's wasm in a trunk build (`data-bin="worker"`), relative to the build folder.
pub const WORKER_WASM: &str = "worker_bg.wasm";
/// The environment variable that keeps the names.
pub const KEEP_NAMES_VARIABLE: &str = "SKINCHECK_KEEP_WASM_NAMES";

/// Why the module could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{WORKER_WASM} is not a valid wasm module: {0}")]
pub struct WasmError(#[from] wasmparser::BinaryReaderError);

/// `wasm` without its `name` custom section, or `None` when it has none (so a second run
/// changes nothing). Every other byte, the other custom sections included, is kept in order.
pub fn without_names(wasm: &[u8]) -> Result<Option<Vec<u8>>, WasmError> {
    let mut parser = Parser::new(0);
    let mut offset = 0;
    let mut names = None;
    // The whole module is in memory (eof), so the parser never asks for more data.
    while let Chunk::Parsed { consumed, payload } = parser.parse(&wasm[offset..], true)? {
        match payload {
            Payload::CustomSection(section) if section.name() == "name" => {
                names = Some(offset..offset + consumed);
            }
            Payload::End(_) => break,
            _ => {}
        }
        offset += consumed;
    }
    Ok(names.map(|section| [&wasm[..section.start], &wasm[section.end..]].concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one custom section named `name` between two others.
    fn module(with_names: bool) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let custom = |name: &str, body: &[u8]| {
            let mut contents = vec![name.len() as u8];
            contents.extend_from_slice(name.as_bytes());
            contents.extend_from_slice(body);
            let mut section = vec![0, contents.len() as u8];
            section.extend(contents);
            section
        };
        m.extend(custom("before", b"1"));
        if with_names {
            m.extend(custom("name", b"\x01\x05\x01\x00\x02fn"));
        }
        m.extend(custom("__wasm_bindgen_unstable", b"keep"));
        m
    }

    #[test]
    fn only_the_name_section_goes_and_a_second_run_changes_nothing() {
        let stripped = without_names(&module(true)).unwrap().unwrap();
        assert_eq!(stripped, module(false));
        assert!(without_names(&stripped).unwrap().is_none());
    }

    #[test]
    fn a_file_that_is_not_wasm_is_an_error() {
        assert!(without_names(b"not wasm").is_err());
    }
}
