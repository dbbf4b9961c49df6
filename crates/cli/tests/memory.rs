//! Peak memory of `skincheck classify` on photos that are small on disk but large decoded:
//! 16-bit RGBA PNGs (8 bytes a pixel) with an EXIF quarter turn. The decode limit
//! (`MAX_DECODE_BYTES`) must refuse what is over it before allocating, and classify what is
//! just inside it without holding more than that limit of pixels at once.
//!
//! Linux only: the peak is the child's own `ru_maxrss`, read by `wait4` when it ends.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use skincheck_core::image_input::MAX_DECODE_BYTES;

const MB: u64 = 1_000_000;
/// What the process holds besides the photo's pixels: the binary, the tiny test model, the
/// file's bytes, the decoder's rows and tract's buffers (measured: 25 MB).
const BASELINE: u64 = 64 * MB;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skincheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A big-endian TIFF block with one entry, the EXIF orientation: the body of a PNG eXIf chunk.
fn exif_orientation(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec(); // big-endian TIFF, IFD at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    tiff
}

/// A `width` x `height` 16-bit RGBA PNG with EXIF orientation 6 (turn 90° clockwise),
/// streamed row by row so the test never holds the image: a skin-toned horizontal gradient,
/// the same in every row, so the "Up" filter makes it a few hundred kilobytes on disk.
fn rgba16_png_rotated(path: &Path, width: u32, height: u32) -> u64 {
    let file = BufWriter::new(File::create(path).unwrap());
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Sixteen);
    encoder.set_filter(png::Filter::Up);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_chunk(png::chunk::eXIf, &exif_orientation(6))
        .unwrap();
    let row: Vec<u8> = (0..width)
        .flat_map(|x| {
            let t = (x % 2048) as u16;
            [48_000 + 4 * t, 32_000 + 2 * t, 26_000 + t, u16::MAX]
        })
        .flat_map(u16::to_be_bytes)
        .collect();
    let mut stream = writer.stream_writer().unwrap();
    for _ in 0..height {
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    std::fs::metadata(path).unwrap().len()
}

struct Run {
    stdout: String,
    stderr: String,
    success: bool,
    /// The child's peak resident memory, in bytes.
    peak: u64,
}

/// `skincheck classify --json <photo>` on the tiny model, measured: `wait4` reaps exactly this
/// child and returns its own rusage, so tests running side by side do not mix their peaks.
// wait4 reaps the child; std's `wait` would too, but discards the rusage.
#[allow(clippy::zombie_processes)]
fn classify_measured(photo: &Path) -> Run {
    let fixtures = root().join("tests/fixtures");
    let mut child = Command::new(env!("CARGO_BIN_EXE_skincheck"))
        .arg("--model")
        .arg(fixtures.join("tiny_model.onnx"))
        .args(["classify", "--json"])
        .arg(photo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        stderr_pipe.read_to_string(&mut text).map(|_| text)
    });
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let stderr = stderr.join().unwrap().unwrap();
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: plain out-parameters for wait4; `rusage` is a C struct of integers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    Run {
        stdout,
        stderr,
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        peak: u64::try_from(usage.ru_maxrss).unwrap() * 1024, // kilobytes on Linux
    }
}

#[test]
fn a_64_megapixel_16_bit_rgba_png_is_refused_before_it_is_decoded() {
    // 9236x6928 = 63.99 MP (just inside the pixel limit) at 8 bytes a pixel: 512 MB decoded.
    let dir = temp_dir("memory-refused");
    let photo = dir.join("rgba16_64mp_exif6.png");
    let on_disk = rgba16_png_rotated(&photo, 9236, 6928);
    let run = classify_measured(&photo);
    println!(
        "64 MP 16-bit RGBA PNG ({} KB on disk): peak {} MB",
        on_disk / 1000,
        run.peak / MB
    );
    assert!(!run.success, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("9236x6928 pixels in 16-bit RGBA, 512 MB decoded"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("save it as an 8-bit JPEG"),
        "{}",
        run.stderr
    );
    // Refused from its header: nothing photo-sized was ever allocated.
    assert!(
        run.peak < BASELINE,
        "peak {} MB for a refused photo",
        run.peak / MB
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_48_megapixel_16_bit_rgba_png_is_classified_within_the_limit() {
    // 8000x6000 = 48 MP at 8 bytes a pixel: 384 MB decoded, exactly MAX_DECODE_BYTES.
    let dir = temp_dir("memory-inside");
    let photo = dir.join("rgba16_48mp_exif6.png");
    let on_disk = rgba16_png_rotated(&photo, 8000, 6000);
    assert_eq!(8000 * 6000 * 8, MAX_DECODE_BYTES);
    let run = classify_measured(&photo);
    println!(
        "48 MP 16-bit RGBA PNG ({} KB on disk): peak {} MB",
        on_disk / 1000,
        run.peak / MB
    );
    assert!(run.success, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let result = &json["results"][0];
    // The upright photo is 6000x8000: its centred square starts 1000 px down.
    assert_eq!(result["crop"], serde_json::json!([0, 1000, 6000]));
    // The decoded 16-bit pixels and nothing else photo-sized: the 8-bit copy, the quarter
    // turn and the crop reuse that buffer.
    let bound = MAX_DECODE_BYTES + BASELINE;
    assert!(
        run.peak < bound,
        "peak {} MB, bound {} MB",
        run.peak / MB,
        bound / MB
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
