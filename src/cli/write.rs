//! Writing outputs so that a failure never leaves a half-written file: each file goes to a
//! temporary file in the output folder and is renamed into place only when complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

pub fn atomic(dir: &Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
    let out_err = |path: &Path, message: String| Error::Output {
        path: path.to_path_buf(),
        message,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(out_err(dir, "output folder is a file".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, format!("cannot create folder: {e}")))?;
    let target = dir.join(file_name);
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, &target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(out_err(&target, format!("cannot write: {e}")));
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::atomic;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/out");
        atomic(&out, "a.txt", b"one").unwrap();
        atomic(&out, "a.txt", b"two").unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }

    #[test]
    fn folder_that_is_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let err = atomic(&file, "a.txt", b"one").unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
