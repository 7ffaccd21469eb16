//! Ctrl-C as a flag that long work looks at between steps.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C once [`watch`] has installed the handler.
pub static CTRL_C: AtomicBool = AtomicBool::new(false);

/// Installs the handler that sets [`CTRL_C`]. One handler per process: a later call
/// (e.g. a second command in one test process) keeps the first, which sets the same
/// flag.
pub fn watch() {
    let _ = ctrlc::set_handler(|| CTRL_C.store(true, Ordering::SeqCst));
}

/// Whether Ctrl-C was pressed.
pub fn pressed() -> bool {
    CTRL_C.load(Ordering::SeqCst)
}
