//! A picture as every backend takes it: JPEG or PNG, no larger than a reader needs.

use serde::{Deserialize, Serialize};

/// The two formats every reading system and PDF takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PictureFormat {
    Jpeg,
    Png,
}

impl PictureFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            PictureFormat::Jpeg => "image/jpeg",
            PictureFormat::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            PictureFormat::Jpeg => "jpg",
            PictureFormat::Png => "png",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Picture {
    /// The figure's `src` it was read for (the first, when several show it).
    pub src: String,
    pub format: PictureFormat,
    pub width: u32,
    pub height: u32,
    /// JPEG: its colour components (1 grey, 3 RGB), as the PDF must declare them.
    pub components: u8,
    /// What was done to make it fit for readers (`scaled from 4032×3024`, `WebP as JPEG`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<String>,
    /// The file's bytes (not in the JSON model: its size is).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub size: usize,
    /// The same pixels as a PNG, where `bytes` is a JPEG made from a source that was not one
    /// (a WebP, GIF or BMP): print takes them losslessly, e-books the smaller JPEG.
    #[serde(skip)]
    pub lossless: Option<Vec<u8>>,
}

impl Picture {
    /// The picture's file name in outputs that carry it (`fig-001.jpg`).
    pub fn file_name(&self, index: usize) -> String {
        format!("fig-{:03}.{}", index + 1, self.format.extension())
    }
}
