//! Georeferenced raster I/O (work in progress by a helper; see issue 6).
