//! The `sitrep` command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    sitrep::cli::run(std::env::args_os(), &sitrep::SystemClock)
}
