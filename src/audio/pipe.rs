//! Running a child process over pipes: the input written and stdout and stderr read on their
//! own threads, so that a child that writes while it reads never blocks on a full pipe.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Runs `command` with `input` on its stdin; its stdout, or what it said on stderr when it
/// failed. `name` names it in messages.
pub fn run(command: &mut Command, input: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name} cannot be run: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let mut output = Vec::new();
    let mut errors = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        scope.spawn(|| {
            let _ = stderr.read_to_end(&mut errors);
        });
        let _ = stdout.read_to_end(&mut output);
    });
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if !status.success() {
        let said = String::from_utf8_lossy(&errors);
        return Err(format!("{name} failed ({status}): {}", said.trim()));
    }
    Ok(output)
}
