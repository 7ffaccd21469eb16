//! RON text → [`ScenarioFile`], with the field path, line and column of any syntax or
//! type error (serde_path_to_error for the path, ron's span for the position).

use crate::error::{Problem, ScenarioError};
use crate::schema::ScenarioFile;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Largest scenario or sweep file accepted, bytes.
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// RON options shared by reading and writing: `Some(..)` may be omitted around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses scenario text; `file` names it in errors.
pub fn parse_scenario(bytes: &[u8], file: &Path) -> Result<ScenarioFile, ScenarioError> {
    parse_ron(bytes, file)
}

/// Parses RON `bytes` into `T`, reporting the first problem with its location.
pub fn parse_ron<T: DeserializeOwned>(bytes: &[u8], file: &Path) -> Result<T, ScenarioError> {
    let invalid = |problem: Problem| ScenarioError::Invalid {
        file: file.to_owned(),
        problems: vec![problem],
    };
    let text = decode(bytes).map_err(invalid)?;
    let options = ron_options();
    let mut de = ron::Deserializer::from_str_with_options(text, &options)
        .map_err(|e| invalid(spanned(String::new(), &e)))?;
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        invalid(spanned(path, &de.span_error(e.into_inner())))
    })?;
    de.end()
        .map_err(|e| invalid(spanned(String::new(), &de.span_error(e))))?;
    Ok(value)
}

/// Checks size, emptiness and UTF-8, locating the first invalid byte.
fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    let whole = |message: String| Problem {
        path: String::new(),
        at: None,
        message,
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole(format!(
            "the file is {} bytes; at most {MAX_FILE_BYTES} are accepted",
            bytes.len()
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole(
            "the file is empty; `shanshui init` writes a template to start from".into(),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Problem {
            path: String::new(),
            at: Some((line, col)),
            message: "the file is not UTF-8 text (is it a binary file?)".into(),
        }
    })
}

fn spanned(path: String, e: &ron::error::SpannedError) -> Problem {
    Problem {
        path,
        at: Some((e.span.start.line, e.span.start.col)),
        message: e.code.to_string(),
    }
}
