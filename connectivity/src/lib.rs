//! Habitat connectivity (work in progress by a helper; see issue 4).
