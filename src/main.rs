//! The `sitrep` command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    sitrep::cli::run(std::env::args_os(), &sitrep::SystemClock)
}

/// Restores the default action of SIGPIPE, which Rust ignores so that a
/// write to a closed pipe panics: `sitrep show INC-1 | head` then ends
/// quietly, as any Unix tool does.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; setting
    // a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
