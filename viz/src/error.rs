//! The one error type of the crate: every failure names the file or figure it concerns.

use std::path::PathBuf;

/// A boxed error from a drawing backend (bitmap or SVG), kept as the source.
pub type BackendError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a chart, map or report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum VizError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A CSV file is malformed or lacks a column the chart needs.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The parser's reason, with the line.
        #[source]
        source: csv::Error,
    },
    /// A CSV cell has a value the chart cannot use.
    #[error("{path}, line {line}: {message}")]
    BadValue {
        /// The file.
        path: PathBuf,
        /// 1-based line of the record.
        line: u64,
        /// What is wrong and what was expected.
        message: String,
    },
    /// `manifest.json` is not valid JSON.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parser's reason, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A raster map could not be read.
    #[error(transparent)]
    Raster(#[from] shanshui_gis::GisError),
    /// Inputs that cannot be drawn together, e.g. maps of different sizes side by side.
    #[error("{figure}: {message}")]
    Input {
        /// The figure being made.
        figure: String,
        /// What is wrong with its inputs.
        message: String,
    },
    /// The drawing backend failed.
    #[error("drawing {figure}: {message}")]
    Draw {
        /// The figure being drawn.
        figure: String,
        /// The backend's error, as text: its type depends on the backend.
        message: String,
    },
    /// A rendered image could not be encoded as PNG or GIF.
    #[error("encoding {figure}: {source}")]
    Encode {
        /// The figure being encoded.
        figure: String,
        /// The encoder's error.
        #[source]
        source: BackendError,
    },
    /// The caller asked to stop (Ctrl-C) before every image was drawn; `report.html`
    /// was not written.
    #[error("plotting was interrupted")]
    Cancelled,
}

impl VizError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }

    /// An invalid-input error for `figure`.
    pub(crate) fn input(figure: &str, message: impl Into<String>) -> Self {
        Self::Input {
            figure: figure.to_string(),
            message: message.into(),
        }
    }
}
