//! Exit codes and the error type that carries them.

use std::fmt;

/// Bad input: unreadable, malformed or invalid files; bad flags.
pub const BAD_INPUT: u8 = 2;
/// A failure while running.
pub const FAILURE: u8 = 1;
/// Stopped by Ctrl-C.
pub const INTERRUPTED: u8 = 130;

/// An error with the exit code it deserves.
pub struct CliError {
    code: u8,
    error: anyhow::Error,
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// The same error with `note` on the lines after its message.
    pub fn with_note(self, note: impl fmt::Display) -> Self {
        Self {
            code: self.code,
            error: anyhow::anyhow!("{self}\n{note}"),
        }
    }
}

impl fmt::Display for CliError {
    /// The error and its causes, `a: b: c`, leaving out a cause whose text the message
    /// already contains (library errors often quote their source).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = self.error.to_string();
        for cause in self.error.chain().skip(1) {
            let cause = cause.to_string();
            if !text.contains(&cause) {
                text = format!("{text}: {cause}");
            }
        }
        f.write_str(&text)
    }
}

/// Marks an error as bad input (exit 2).
pub fn bad_input(error: impl Into<anyhow::Error>) -> CliError {
    CliError {
        code: BAD_INPUT,
        error: error.into(),
    }
}

/// Marks an error as a failure while running (exit 1).
pub fn failure(error: impl Into<anyhow::Error>) -> CliError {
    CliError {
        code: FAILURE,
        error: error.into(),
    }
}

/// The run was interrupted (exit 130).
pub fn interrupted(message: impl fmt::Display) -> CliError {
    CliError {
        code: INTERRUPTED,
        error: anyhow::anyhow!("interrupted: {message}"),
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;
