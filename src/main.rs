//! `shanshui`: run restoration scenarios for coastal landscapes.
//!
//! A thin layer over the library crates: argument parsing, progress bars, output
//! folders and exit codes (0 success, 1 failure while running, 2 bad input,
//! 130 interrupted).

#![allow(
    rustdoc::invalid_html_tags,
    reason = "the doc comments of the command-line types are their --help text, where \
              placeholders such as runs/<scenario name> are meant literally, not as HTML"
)]

mod checkpoint;
mod cli;
mod commands;
mod cpu;
mod exit;
mod interrupt;
mod maps;
mod output;
mod progress;
mod tables;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let missing = cpu::missing_features();
    if !missing.is_empty() {
        eprintln!(
            "error: this build of shanshui needs an x86-64-v3 CPU, and this one lacks {}.\n\
             Build for this CPU with: RUSTFLAGS=\"-C target-cpu=x86-64\" cargo build --release",
            missing.join(", ")
        );
        return ExitCode::from(exit::FAILURE);
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0; bad flags are bad input (2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::BAD_INPUT } else { 0 });
        }
    };
    match commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.code())
        }
    }
}
