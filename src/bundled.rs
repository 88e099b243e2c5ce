//! The bundled article, compiled into the binary so the default build works from any working
//! directory and after `cargo install`.

/// How diagnostics name the bundled text and sidecar.
pub const TEXT_NAME: &str = "<bundled>/levy-lecun.txt";
pub const SIDECAR_NAME: &str = "<bundled>/levy-lecun.toml";

pub const TEXT: &str = include_str!("../content/levy-lecun/levy-lecun.txt");
pub const SIDECAR: &str = include_str!("../content/levy-lecun/levy-lecun.toml");
