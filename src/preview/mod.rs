//! Seeing what the reader did: the annotated reading of the input ([`reading`]) and the pages
//! `fangtan serve` shows beside it. Pure functions from the prepared input and the built
//! outputs to HTML; the server itself is in the CLI.

pub mod reading;

/// What every page of the live preview shows besides its view: when the build it shows was
/// made, and the error of a later build that failed, if one did.
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub built: String,
    pub error: Option<String>,
}

impl Live {
    /// Adds the preview's fields to a page's template data.
    pub fn fill(&self, view: &mut serde_json::Value, name: &str) {
        view["view"] = name.into();
        view["built"] = self.built.clone().into();
        view["error"] = self.error.clone().into();
    }
}
