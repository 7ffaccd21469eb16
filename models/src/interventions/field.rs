//! The committed state as management sees and edits it: land cover, ages and the
//! coastal layers (when the coastal models run), through `current_mut()` — management
//! acts after `SimSet::Commit`, on the published year.

use crate::coastal::{CoastalClasses, MangroveCanopy, MarshCover, SpartinaCover, row_span};
use crate::layers::{Elevation, LandCover};
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use shanshui_engine::Grid;
use std::ops::Range;

/// The index of the class that marks *Spartina* where no cover layer exists.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpartinaClass(pub u8);

/// The true *Spartina* cover, read-only.
#[derive(SystemParam)]
pub(crate) struct SpartinaView<'w> {
    land: Res<'w, LandCover>,
    cover: Option<Res<'w, SpartinaCover>>,
    class: Res<'w, SpartinaClass>,
}

impl SpartinaView<'_> {
    /// Calls `f(i, cover)`, in order, for every cell `i` of `cells` that holds
    /// Spartina, with its true cover: the cover layer (where positive), or 1 on
    /// Spartina-class cells. Only the span of the cover between its first and last
    /// non-zero value is visited.
    pub(crate) fn for_each_present(&self, cells: Range<usize>, mut f: impl FnMut(usize, f32)) {
        let start = cells.start;
        match &self.cover {
            Some(s) => {
                let values = &s.0.current().as_slice()[cells];
                let (lo, hi) = row_span(values);
                for (k, &u) in values[lo..hi].iter().enumerate() {
                    if u > 0.0 {
                        f(start + lo + k, u);
                    }
                }
            }
            None => {
                let classes = &self.land.class.current().as_slice()[cells];
                let spartina = self.class.0;
                for (k, &c) in classes.iter().enumerate() {
                    if c == spartina {
                        f(start + k, 1.0);
                    }
                }
            }
        }
    }
}

/// The layers management reads and edits.
#[derive(SystemParam)]
pub(crate) struct FieldParam<'w> {
    land: ResMut<'w, LandCover>,
    spartina: Option<ResMut<'w, SpartinaCover>>,
    mangrove: Option<ResMut<'w, MangroveCanopy>>,
    marsh: Option<ResMut<'w, MarshCover>>,
    coastal: Option<Res<'w, CoastalClasses>>,
    elevation: Option<Res<'w, Elevation>>,
    spartina_class: Res<'w, SpartinaClass>,
}

impl FieldParam<'_> {
    /// Plain mutable views of the committed layers.
    pub(crate) fn field(&mut self) -> Field<'_> {
        let land = &mut *self.land;
        Field {
            class: land.class.current_mut(),
            age: land.age_years.current_mut(),
            spartina: self.spartina.as_deref_mut().map(|s| s.0.current_mut()),
            mangrove: self.mangrove.as_deref_mut().map(|s| s.0.current_mut()),
            marsh: self.marsh.as_deref_mut().map(|s| s.0.current_mut()),
            coastal: self.coastal.as_deref(),
            elevation: self.elevation.as_deref().map(|e| &e.0),
            spartina_class: self.spartina_class.0,
        }
    }
}

/// A cell's state, as saved and restored by protection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CellState {
    pub class: u8,
    pub age: u16,
    pub layers: [f32; 3],
}

/// Mutable views of the committed layers.
pub(crate) struct Field<'a> {
    pub class: &'a mut Grid<u8>,
    pub age: &'a mut Grid<u16>,
    pub spartina: Option<&'a mut Grid<f32>>,
    pub mangrove: Option<&'a mut Grid<f32>>,
    pub marsh: Option<&'a mut Grid<f32>>,
    pub coastal: Option<&'a CoastalClasses>,
    pub elevation: Option<&'a Grid<f32>>,
    pub spartina_class: u8,
}

impl Field<'_> {
    /// Class of cell `i`.
    #[inline]
    pub fn class(&self, i: usize) -> u8 {
        self.class.as_slice()[i]
    }

    /// True *Spartina* cover of cell `i`: the cover layer, or 1 on Spartina-class
    /// cells when there is none.
    #[inline]
    pub fn spartina_cover(&self, i: usize) -> f32 {
        match &self.spartina {
            Some(s) => s.as_slice()[i],
            None => f32::from(u8::from(self.class(i) == self.spartina_class)),
        }
    }

    /// Sets the class of cell `i`; a changed class restarts the age at 0.
    pub fn set_class(&mut self, i: usize, to: u8) {
        if self.class(i) != to {
            self.class.as_mut_slice()[i] = to;
            self.age.as_mut_slice()[i] = 0;
        }
    }

    /// Converts cell `i` to class `to`, giving it that class's initial coastal layers
    /// (zero for a non-coastal class), as the coastal model does for cells that
    /// succession moves into a coastal class.
    pub fn convert(&mut self, i: usize, to: u8) {
        if self.class(i) == to {
            return;
        }
        self.set_class(i, to);
        let layers = self.coastal.map(|k| {
            if k.coastal[usize::from(to)] {
                k.initial_layers(to)
            } else {
                (0.0, 0.0, 0.0)
            }
        });
        if let Some((s, m, c)) = layers {
            self.set_layers(i, [s, m, c]);
        }
    }

    /// The state of cell `i`.
    pub fn state(&self, i: usize) -> CellState {
        let get = |g: &Option<&mut Grid<f32>>| g.as_ref().map_or(0.0, |g| g.as_slice()[i]);
        CellState {
            class: self.class(i),
            age: self.age.as_slice()[i],
            layers: [get(&self.spartina), get(&self.marsh), get(&self.mangrove)],
        }
    }

    /// Restores cell `i` to `s`, one year older.
    pub fn restore(&mut self, i: usize, s: &CellState) {
        self.class.as_mut_slice()[i] = s.class;
        self.age.as_mut_slice()[i] = s.age.saturating_add(1);
        self.set_layers(i, s.layers);
    }

    /// Sets the (Spartina, marsh, mangrove) layers of cell `i` that exist.
    fn set_layers(&mut self, i: usize, [s, m, c]: [f32; 3]) {
        for (layer, v) in [
            (&mut self.spartina, s),
            (&mut self.marsh, m),
            (&mut self.mangrove, c),
        ] {
            if let Some(g) = layer {
                g.as_mut_slice()[i] = v;
            }
        }
    }

    /// Whether the 8-neighbourhood of cell `i` holds a cell of class `class`.
    pub fn next_to_class(&self, i: usize, class: u8) -> bool {
        let (w, h) = (self.class.width(), self.class.height());
        let (x, y) = (i % w, i / w);
        (y.saturating_sub(1)..(y + 2).min(h)).any(|ny| {
            (x.saturating_sub(1)..(x + 2).min(w))
                .any(|nx| (nx, ny) != (x, y) && *self.class.get(nx, ny) == class)
        })
    }
}
