//! SkinCheck's charts. Every chart is a plain function generic over plotters'
//! `DrawingBackend`, so the app draws it on a `<canvas>` and native tests render the very
//! same code to a bitmap and check its pixels.

pub mod timeline;
