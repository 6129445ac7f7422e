//! Compressing a body once: gzip and brotli at two efforts, with a window
//! sized to the body.

use std::io::Write;

use super::negotiate::Coding;

/// How hard to compress: once per page for content, quickly for pages made
/// from visitor input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Best,
    Quick,
}

impl Effort {
    fn gzip_level(self) -> u32 {
        match self {
            Effort::Best => 9,
            Effort::Quick => 3,
        }
    }

    /// Quality 3 is for browsers that take brotli but not gzip (see
    /// [`Coding::negotiate_for`]); 11 is about a fifth smaller than gzip
    /// and a hundred times slower (made in the background).
    fn brotli_quality(self) -> u32 {
        match self {
            Effort::Best => 11,
            Effort::Quick => 3,
        }
    }
}

/// `data` in `coding` at `effort`; `None` for identity, or when the result
/// would be no smaller.
pub fn compress(coding: Coding, data: &[u8], effort: Effort) -> Option<Vec<u8>> {
    let out = match coding {
        Coding::Identity => return None,
        Coding::Gzip => gzip_bytes(data, effort.gzip_level()),
        Coding::Brotli => brotli_bytes(data, effort.brotli_quality()),
    }?;
    (out.len() < data.len()).then_some(out)
}

fn gzip_bytes(data: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(level),
    );
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

fn brotli_bytes(data: &[u8], quality: u32) -> Option<Vec<u8>> {
    // A window no larger than the body: the same output for a page, and
    // far less memory than the 4 MB default.
    // (Below 16 the encoder gets very slow at some qualities.)
    let lgwin = (usize::BITS - data.len().leading_zeros()).clamp(16, 22);
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality).unwrap_or(11),
        lgwin: i32::try_from(lgwin).unwrap_or(22),
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 4);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
    Some(out)
}
