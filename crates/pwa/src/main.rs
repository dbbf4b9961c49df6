//! `skincheck-pwa [DIR]`: finishes a web build in DIR (default: trunk's
//! `$TRUNK_STAGING_DIR`, so it runs as a `post_build` hook): CSP hashes for the inline
//! scripts, then `sw.js` with every file's sha256. Re-run it after changing files of a dist.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = match std::env::args_os().nth(1) {
        Some(dir) if dir == "--help" || dir == "-h" => {
            println!(
                "usage: skincheck-pwa [DIR]\n\nFinishes the web build in DIR (default \
                 $TRUNK_STAGING_DIR): puts the sha256 of index.html's inline scripts into its \
                 CSP and writes sw.js, the service worker that precaches every file of DIR."
            );
            return ExitCode::SUCCESS;
        }
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => {
                eprintln!(
                    "skincheck-pwa: give the build folder (e.g. dist) or run as a trunk hook"
                );
                return ExitCode::from(2);
            }
        },
    };
    match skincheck_pwa::finish_build(&dir) {
        Ok(summary) => {
            eprintln!(
                "skincheck-pwa: build {} — {} files ({:.1} MB) precached by sw.js, {} inline \
                 script(s) allowed by hash in the CSP",
                summary.version,
                summary.files,
                summary.bytes as f64 / 1e6,
                summary.inline_scripts
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("skincheck-pwa: {e}");
            ExitCode::FAILURE
        }
    }
}
