//! The errors of this crate: one variant per bad input a caller can fix. Nothing in the
//! crate panics on bad input; every check happens before any work starts.

/// Why a connectivity computation refused its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConnectivityError {
    /// The median dispersal distance is not a positive finite number.
    #[error("the median dispersal distance d50 must be a positive finite number (got {0})")]
    D50(f64),
    /// The pruning probability is not in the open interval (0, 1).
    #[error("the pruning probability p_min must be in (0, 1) (got {0})")]
    PMin(f64),
    /// The IIC link distance is negative or not finite.
    #[error("the link distance must be a non-negative finite number (got {0})")]
    LinkDistance(f64),
    /// A resistance is negative or not finite.
    #[error(
        "resistance of class {class} must be a non-negative finite number (got {value}); \
         use a barrier for impassable classes"
    )]
    Resistance {
        /// The land-cover class.
        class: u8,
        /// The value given.
        value: f64,
    },
    /// A class code that cannot be used (255 is nodata).
    #[error("class {0} is the nodata value and cannot be habitat or carry a resistance")]
    NodataClass(u8),
    /// Every cell of the land-cover grid is nodata, so `A_L` is zero.
    #[error("the land-cover grid has no cell with data, so the landscape area is zero")]
    NoData,
    /// The land-cover grid and the landscape geometry disagree.
    #[error(
        "the land-cover grid is {grid_width}×{grid_height} cells but the landscape is {width}×{height}"
    )]
    Shape {
        /// Columns of the grid.
        grid_width: usize,
        /// Rows of the grid.
        grid_height: usize,
        /// Columns of the landscape.
        width: usize,
        /// Rows of the landscape.
        height: usize,
    },
    /// The cell size is not a positive finite number.
    #[error("the cell size must be a positive finite number of metres (got {0})")]
    CellSize(f64),
    /// The grid has more cells than the 32-bit cell indices used here can address.
    #[error("the grid has {0} cells; at most 4294967295 are supported")]
    TooManyCells(usize),
    /// A cell given as a source or target is outside the grid.
    #[error("cell ({x}, {y}) is outside the {width}×{height} grid")]
    CellOutside {
        /// Column given.
        x: usize,
        /// Row given.
        y: usize,
        /// Columns of the grid.
        width: usize,
        /// Rows of the grid.
        height: usize,
    },
    /// A source or target cell is nodata or a barrier.
    #[error("cell ({x}, {y}) is nodata or a barrier and cannot start or end a path")]
    CellImpassable {
        /// Column given.
        x: usize,
        /// Row given.
        y: usize,
    },
    /// No source (or no target) cell was given.
    #[error("at least one {0} cell is needed")]
    NoCells(&'static str),
    /// A patch id that does not exist.
    #[error("patch {id} does not exist (there are {count} patches)")]
    UnknownPatch {
        /// The id given.
        id: usize,
        /// Number of patches.
        count: usize,
    },
}
