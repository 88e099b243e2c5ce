//! Slugs: the file-name stem of outputs, and speaker ids.

/// Lowercase ASCII letters and digits joined by single `-`; everything else (including `/`,
/// `..`, control and non-ASCII characters) is a separator. May be empty.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(80);
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn safe_for_file_names() {
        assert_eq!(slugify("Steven Levy"), "steven-levy");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("访谈"), "");
        assert_eq!(slugify("levy-lecun"), "levy-lecun");
    }
}
