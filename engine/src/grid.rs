//! Dense, row-major raster layers. A cell is never an object: a layer is one
//! `Vec<T>` indexed `y * width + x`, so per-cell state costs `size_of::<T>()` bytes.

use bevy_ecs::resource::Resource;
use rayon::prelude::*;

/// A dense row-major raster of `T`, `width × height` cells; `x` grows east, `y` south.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<T> {
    width: usize,
    height: usize,
    data: Vec<T>,
}

impl<T: Clone> Grid<T> {
    /// A grid filled with `value`.
    pub fn filled(width: usize, height: usize, value: T) -> Self {
        Self {
            width,
            height,
            data: vec![value; width * height],
        }
    }
}

impl<T> Grid<T> {
    /// Wraps row-major `data`; `None` when its length is not `width × height`.
    pub fn from_vec(width: usize, height: usize, data: Vec<T>) -> Option<Self> {
        (data.len() == width * height).then_some(Self {
            width,
            height,
            data,
        })
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True for a grid without cells.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Row-major index of cell `(x, y)`.
    #[inline]
    pub fn index(&self, x: usize, y: usize) -> usize {
        debug_assert!(x < self.width && y < self.height);
        y * self.width + x
    }

    /// The cell at `(x, y)`.
    #[inline]
    pub fn get(&self, x: usize, y: usize) -> &T {
        &self.data[self.index(x, y)]
    }

    /// The cell at `(x, y)`, mutably.
    #[inline]
    pub fn get_mut(&mut self, x: usize, y: usize) -> &mut T {
        let i = self.index(x, y);
        &mut self.data[i]
    }

    /// All cells, row-major.
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// All cells, row-major, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.data
    }

    /// Row `y`.
    pub fn row(&self, y: usize) -> &[T] {
        &self.data[y * self.width..(y + 1) * self.width]
    }

    /// The grid's cells, consumed.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }

    /// Whether `other` has the same width and height.
    pub fn same_shape<U>(&self, other: &Grid<U>) -> bool {
        self.width == other.width && self.height == other.height
    }

    /// A new grid of the same shape with `f` applied to every cell.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Grid<U> {
        Grid {
            width: self.width,
            height: self.height,
            data: self.data.iter().map(f).collect(),
        }
    }
}

impl<T: Send + Sync> Grid<T> {
    /// Rows as mutable slices, in parallel, each with its `y`.
    pub fn par_rows_mut(&mut self) -> impl IndexedParallelIterator<Item = (usize, &mut [T])> {
        let width = self.width.max(1);
        self.data.par_chunks_mut(width).enumerate()
    }
}

/// A layer that changes within a step: a system reads the committed state and writes
/// every cell of the next one ([`Self::split_mut`]); [`Self::commit`] (in
/// `SimSet::Commit`) publishes it, so results never depend on the order in which cells
/// are visited. A step in which nobody wrote leaves the layer unchanged.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct DoubleBuffered<T: Send + Sync + 'static> {
    current: Grid<T>,
    next: Grid<T>,
    written: bool,
}

impl<T: Clone + Send + Sync + 'static> DoubleBuffered<T> {
    /// Both buffers start as `grid`.
    pub fn new(grid: Grid<T>) -> Self {
        Self {
            next: grid.clone(),
            current: grid,
            written: false,
        }
    }
}

impl<T: Send + Sync + 'static> DoubleBuffered<T> {
    /// The committed state.
    pub fn current(&self) -> &Grid<T> {
        &self.current
    }

    /// The committed state, for a direct edit outside the read/write cycle
    /// (management actions applied after `Commit`).
    pub fn current_mut(&mut self) -> &mut Grid<T> {
        &mut self.current
    }

    /// Read the committed state while writing the next one; the caller must write
    /// every cell of the next state.
    pub fn split_mut(&mut self) -> (&Grid<T>, &mut Grid<T>) {
        self.written = true;
        (&self.current, &mut self.next)
    }

    /// Publishes the next state, if it was written since the last commit.
    pub fn commit(&mut self) {
        if std::mem::take(&mut self.written) {
            std::mem::swap(&mut self.current, &mut self.next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_row_major() {
        let g = Grid::from_vec(3, 2, (0..6).collect()).unwrap();
        assert_eq!(*g.get(2, 1), 5);
        assert_eq!(g.row(1), &[3, 4, 5]);
        assert!(Grid::from_vec(3, 2, vec![0; 5]).is_none());
    }

    #[test]
    fn double_buffer_publishes_on_swap() {
        let mut b = DoubleBuffered::new(Grid::filled(2, 2, 0u8));
        let (cur, next) = b.split_mut();
        *next.get_mut(1, 1) = cur.get(1, 1) + 7;
        assert_eq!(*b.current().get(1, 1), 0);
        b.commit();
        assert_eq!(*b.current().get(1, 1), 7);
        b.commit();
        assert_eq!(
            *b.current().get(1, 1),
            7,
            "an unwritten step keeps the state"
        );
    }
}
