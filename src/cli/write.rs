//! Writing an article's outputs as one set, all or nothing:
//!
//! 1. *Stage*: each file is written in full to a temporary name beside its target
//!    (`.fangtan-PID-N-NAME.tmp`, N counting the sets a process writes) and synced, as soon
//!    as its backend has made it. A failure before the set is complete (a backend's error, a
//!    full disk, `ulimit -f`, a name taken by a folder, SIGINT or SIGTERM) removes them:
//!    nothing has changed.
//! 2. *Journal*: `.fangtan-PID-N.commit` lists the set and is synced. From here the new set is
//!    complete on disk.
//! 3. *Move*: each temporary file is renamed over its target (a rename replaces a file in one
//!    step: a reader sees the old file or the new one, never a part), then the journal goes.
//!
//! A build killed during 3 (`kill -9`, a power cut) leaves its journal: the next build in
//! that folder finishes the moves before anything else, so the set is the new one. Temporary
//! files of a build that died before its journal are removed; those of a build still running
//! (another process) are left alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::Error;

const PREFIX: &str = ".fangtan-";

/// Every temporary file this process has staged and not yet moved or removed, for
/// [`remove_staged_on_abort`].
static STAGED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn track(path: &Path) {
    if let Ok(mut staged) = STAGED.lock() {
        staged.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut staged) = STAGED.lock() {
        staged.retain(|p| p != path);
    }
}

/// Removes this process's staged files when it must end at once (out of memory). Allocates
/// nothing: the lock is only tried, and paths long enough that the system call would need a
/// heap copy of them are left for the next build's clean-up.
pub fn remove_staged_on_abort() {
    if let Ok(staged) = STAGED.try_lock() {
        for path in staged.iter().filter(|p| p.as_os_str().len() < 300) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `files` (name, bytes) into `dir` as one set; returns the paths written.
#[cfg(test)]
pub fn commit(dir: &Path, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, Error> {
    let mut staging = Staging::begin(dir)?;
    for (name, bytes) in files {
        staging.stage(name, bytes)?;
    }
    staging.commit()
}

/// One set of outputs on its way into `dir`: files are staged one by one as they are made
/// (so a long book's outputs need not all be in memory at once), then [`Staging::commit`]
/// moves them into place together. Dropped before that, it removes what it staged: nothing
/// has changed.
pub struct Staging {
    dir: PathBuf,
    id: String,
    /// (final name, temporary path), in the order staged.
    staged: Vec<(String, PathBuf)>,
    stop: StopSignals,
}

impl Staging {
    /// Makes `dir` if needed and starts a set. From here SIGINT and SIGTERM stop the build at
    /// its next step, with the staged files removed.
    pub fn begin(dir: &Path) -> Result<Staging, Error> {
        // A signal that came while the input was read stops the build before anything is made.
        if let Some(signal) = EARLY.get().and_then(StopSignals::received) {
            return Err(Error::Stopped(format!("{signal}; nothing was replaced")));
        }
        prepare_folder(dir)?;
        // One name per set: a batch writes several sets into one folder at once.
        static SETS: AtomicUsize = AtomicUsize::new(0);
        let id = format!(
            "{}-{}",
            std::process::id(),
            SETS.fetch_add(1, Ordering::Relaxed)
        );
        Ok(Staging {
            dir: dir.to_path_buf(),
            id,
            staged: Vec::new(),
            stop: StopSignals::install(),
        })
    }

    /// Writes `bytes` in full to a temporary name beside `name`'s target, synced.
    pub fn stage(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        self.stopped()?;
        let target = self.dir.join(name);
        if target.is_dir() {
            return Err(out_err(
                &target,
                "cannot write: a folder has its name; nothing was replaced",
            ));
        }
        let path = self.dir.join(format!("{PREFIX}{}-{name}.tmp", self.id));
        if self.staged.iter().any(|(staged, _)| staged == name) {
            return Err(out_err(
                &target,
                "cannot write: made twice in one set; nothing was replaced",
            ));
        }
        self.staged.push((name.to_string(), path.clone()));
        track(&path);
        fault_pause();
        write_synced(&path, bytes)
            .map_err(|e| out_err(&target, format!("cannot write: {e}; nothing was replaced")))?;
        self.stopped()
    }

    /// The folder the set goes into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn stopped(&self) -> Result<(), Error> {
        match self.stop.received().or_else(|| EARLY.get()?.received()) {
            Some(signal) => Err(Error::Stopped(format!("{signal}; nothing was replaced"))),
            None => Ok(()),
        }
    }

    /// Journals the set and moves every staged file over its target; returns the paths
    /// written, in the order staged.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Error> {
        self.stopped()?;
        let dir = self.dir.clone();
        let journal = dir.join(format!("{PREFIX}{}.commit", self.id));
        let names: String = self
            .staged
            .iter()
            .map(|(name, _)| format!("{name}\n"))
            .collect();
        if let Err(e) = write_synced(&journal, names.as_bytes()).and_then(|()| sync_folder(&dir)) {
            let _ = std::fs::remove_file(&journal);
            return Err(out_err(
                &dir,
                format!("cannot write: {e}; nothing was replaced"),
            ));
        }
        // From here the set is complete on disk; a signal waits until the moves are done.
        let staged = std::mem::take(&mut self.staged);
        let mut written = Vec::with_capacity(staged.len());
        for (index, (name, from)) in staged.iter().enumerate() {
            fault_pause();
            let target = dir.join(name);
            if let Err(e) = std::fs::rename(from, &target) {
                let replaced: Vec<&str> = staged[..index].iter().map(|(n, _)| n.as_str()).collect();
                for (_, rest) in &staged[index..] {
                    let _ = std::fs::remove_file(rest);
                    untrack(rest);
                }
                let _ = std::fs::remove_file(&journal);
                return Err(out_err(
                    &target,
                    format!(
                        "cannot replace: {e}; replaced before it: {}",
                        if replaced.is_empty() {
                            "none".to_string()
                        } else {
                            replaced.join(", ")
                        }
                    ),
                ));
            }
            untrack(from);
            written.push(target);
        }
        let _ = std::fs::remove_file(&journal);
        let _ = sync_folder(&dir);
        if let Some(signal) = self.stop.received() {
            return Err(Error::Stopped(format!(
                "{signal} after the outputs were replaced"
            )));
        }
        Ok(written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        for (_, path) in self.staged.drain(..) {
            let _ = std::fs::remove_file(&path);
            untrack(&path);
        }
    }
}

/// Finishes or clears what stopped builds left in `dir`: a journal's moves are completed
/// (its files were complete when it was written), stray temporary files removed. Returns a
/// line for each thing done, to tell the user.
pub fn recover(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut done = Vec::new();
    // Journals first: their temporary files are the new outputs.
    for name in &names {
        let Some(id) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_suffix(".commit"))
        else {
            continue;
        };
        let Some(pid) = id.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if is_running(pid) {
            continue;
        }
        let journal = dir.join(name);
        let listed = std::fs::read_to_string(&journal).unwrap_or_default();
        let mut moved = Vec::new();
        for file in listed
            .lines()
            .filter(|l| !l.is_empty() && !l.contains(['/', '\\']))
        {
            let from = dir.join(format!("{PREFIX}{id}-{file}.tmp"));
            if from.exists() && std::fs::rename(&from, dir.join(file)).is_ok() {
                moved.push(file.to_string());
            }
        }
        let _ = std::fs::remove_file(&journal);
        if !moved.is_empty() {
            done.push(format!(
                "finished replacing the outputs a stopped build (process {pid}) left half done: {}",
                moved.join(", ")
            ));
        }
    }
    // Then temporary files of builds that are gone, in today's form and the older
    // `.NAME.PID.tmp`.
    for name in &names {
        let Some(pid) = stray_temp_pid(name) else {
            continue;
        };
        let path = dir.join(name);
        if !is_running(pid) && path.exists() && std::fs::remove_file(&path).is_ok() {
            done.push(format!(
                "removed {name}, left by a stopped build (process {pid})"
            ));
        }
    }
    done
}

/// The process that wrote a temporary file, from its name.
fn stray_temp_pid(name: &str) -> Option<u32> {
    let stem = name.strip_suffix(".tmp")?;
    if let Some(rest) = stem.strip_prefix(PREFIX) {
        return rest.split_once('-')?.0.parse().ok();
    }
    // `.NAME.PID.tmp`, as versions before 0.2 named them: only where NAME is one of
    // fangtan's outputs (`.notes.123.tmp` is someone else's).
    let (front, pid) = stem.strip_prefix('.')?.rsplit_once('.')?;
    const OUTPUTS: [&str; 6] = [".epub", ".pdf", ".json", ".ssml", ".md", ".jsonl"];
    let ours = OUTPUTS
        .iter()
        .any(|ext| front.len() > ext.len() && front.ends_with(ext))
        || front.ends_with(".cues.csv");
    ours.then_some(())?;
    pid.parse().ok()
}

/// Whether a process is still running (Linux and others with `/proc`; elsewhere a temporary
/// file is taken as stale).
fn is_running(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

fn prepare_folder(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(out_err(dir, "output folder is a file"));
    }
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, format!("cannot create folder: {e}")))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the names in a folder durable (renames and new files), where the system allows it.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn out_err(path: &Path, message: impl Into<String>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The fault suite (`tests/faults.rs`) slows each step of a commit down to stop the process
/// inside it: `FANGTAN_FAULT_PAUSE_MS`.
fn fault_pause() {
    if let Some(ms) = std::env::var("FANGTAN_FAULT_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// SIGINT and SIGTERM caught while a set is made and written: the build stops at its next
/// step (when the output being made is done) instead of the process dying between two
/// files; a second signal stops it at once.
struct StopSignals {
    flags: Vec<(Arc<AtomicBool>, &'static str)>,
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl StopSignals {
    fn install() -> StopSignals {
        let mut flags = Vec::new();
        #[cfg(unix)]
        let mut ids = Vec::new();
        #[cfg(unix)]
        for (signal, name) in [
            (signal_hook::consts::SIGINT, "stopped by SIGINT"),
            (signal_hook::consts::SIGTERM, "stopped by SIGTERM"),
        ] {
            let flag = Arc::new(AtomicBool::new(false));
            // A second signal while the first waits for the current output to be made ends
            // the process at once (exit 130); its temporary files, named by its process id,
            // are removed by the next build in the folder. Registered first, so that it sees
            // the flag as the first signal left it.
            if let Ok(id) =
                signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag))
            {
                ids.push(id);
            }
            if let Ok(id) = signal_hook::flag::register(signal, Arc::clone(&flag)) {
                ids.push(id);
                flags.push((flag, name));
            }
        }
        StopSignals {
            flags,
            #[cfg(unix)]
            ids,
        }
    }

    fn received(&self) -> Option<&'static str> {
        self.flags
            .iter()
            .find(|(flag, _)| flag.load(Ordering::SeqCst))
            .map(|(_, name)| *name)
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Signals caught from the start of a build, before any set is begun (see [`watch_signals`]).
static EARLY: std::sync::OnceLock<StopSignals> = std::sync::OnceLock::new();

/// From now on SIGINT and SIGTERM stop a build in order, with its one-line message, even
/// while its input is still being read (the first set it begins is refused).
pub fn watch_signals() {
    EARLY.get_or_init(StopSignals::install);
}

/// A file too large for `ulimit -f` would end the process with SIGXFSZ, between two files
/// of a set; ignored, the write fails with an error instead, and the set is undone.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    {
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            Arc::new(AtomicBool::new(false)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(pairs: &'a [(&'a str, &'a [u8])]) -> &'a [(&'a str, &'a [u8])] {
        pairs
    }

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/out");
        commit(&out, files(&[("a.txt", b"one"), ("b.txt", b"1")])).unwrap();
        commit(&out, files(&[("a.txt", b"two"), ("b.txt", b"2")])).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"two");
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    }

    #[test]
    fn a_name_taken_by_a_folder_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        commit(dir.path(), files(&[("a.txt", b"old")])).unwrap();
        std::fs::create_dir(dir.path().join("b.txt")).unwrap();
        let err = commit(dir.path(), files(&[("a.txt", b"new"), ("b.txt", b"x")])).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn folder_that_is_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let err = commit(&file, files(&[("a.txt", b"one")])).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn a_stopped_commit_is_finished_and_strays_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "old a").unwrap();
        std::fs::write(d.join("b.txt"), "old b").unwrap();
        // A process that no longer runs (pid 0 never names a user process) moved a.txt and
        // died before b.txt.
        std::fs::write(d.join("a.txt"), "new a").unwrap();
        std::fs::write(d.join(".fangtan-0-3-b.txt.tmp"), "new b").unwrap();
        std::fs::write(d.join(".fangtan-0-3.commit"), "a.txt\nb.txt\n").unwrap();
        // And two strays of builds that died before their journal.
        std::fs::write(d.join(".fangtan-1999999999-0-c.txt.tmp"), "part").unwrap();
        std::fs::write(d.join(".c.json.1999999998.tmp"), "part").unwrap();
        // And a file of the same shape that is not ours.
        std::fs::write(d.join(".notes.1999999998.tmp"), "mine").unwrap();
        let done = recover(d);
        assert_eq!(done.len(), 3, "{done:?}");
        assert_eq!(std::fs::read_to_string(d.join("b.txt")).unwrap(), "new b");
        let mut left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".notes.1999999998.tmp", "a.txt", "b.txt"]);
    }

    #[test]
    fn temporary_names_give_their_process() {
        assert_eq!(stray_temp_pid(".fangtan-42-0-x.epub.tmp"), Some(42));
        assert_eq!(stray_temp_pid(".levy-lecun.pdf.4242.tmp"), Some(4242));
        assert_eq!(stray_temp_pid("notes.tmp"), None);
        assert_eq!(stray_temp_pid(".notes.123456.tmp"), None, "not one of ours");
        assert_eq!(stray_temp_pid(".talk.cues.csv.77.tmp"), Some(77));
        assert_eq!(stray_temp_pid(".fangtan-42-0.commit"), None);
    }
}
