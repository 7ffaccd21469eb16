//! Cost-distance surfaces and least-cost paths.

use crate::brute::{self, Rng, assert_close, land};
use shanshui_connectivity::*;
use shanshui_engine::Grid;

#[test]
fn uniform_costs_are_octile_distances() {
    let c = Grid::filled(5, 4, 0u8);
    let s = CostSurface::new(
        &c,
        &land(5, 4, 10.0),
        &ResistanceTable::uniform(1.0).unwrap(),
    )
    .unwrap();
    let d = s.cost_distance(&[(0, 0)]).unwrap();
    assert_eq!(*d.get(3, 0), 30.0);
    assert_close(*d.get(2, 2), 20.0 * 2f64.sqrt(), 1e-15, "diagonal");
    assert_close(*d.get(4, 3), 30.0 * 2f64.sqrt() + 10.0, 1e-15, "octile");
}

#[test]
fn steps_cost_the_mean_resistance() {
    let c = Grid::from_vec(3, 1, vec![0u8, 1, 0]).unwrap();
    let t = ResistanceTable::from_pairs(1.0, &[(1, 5.0)]).unwrap();
    let s = CostSurface::new(&c, &land(3, 1, 10.0), &t).unwrap();
    let d = s.cost_distance(&[(0, 0)]).unwrap();
    assert_eq!(d.as_slice(), &[0.0, 30.0, 60.0]);
    let barrier = CostSurface::new(&c, &land(3, 1, 10.0), &t.with_barrier(1)).unwrap();
    assert!(
        barrier
            .cost_distance(&[(0, 0)])
            .unwrap()
            .get(2, 0)
            .is_infinite()
    );
}

#[test]
fn cost_distance_matches_bellman_ford() {
    let mut rng = Rng(99);
    for _ in 0..25 {
        let (w, h) = (1 + rng.below(14) as usize, 1 + rng.below(14) as usize);
        let c = brute::random_cover(&mut rng, w, h, 0.3, 0.15);
        let t = ResistanceTable::from_pairs(
            1.0,
            &[
                (0, 0.3 + rng.unit()),
                (1, 2.0 * rng.unit()),
                (2, 5.0 * rng.unit()),
            ],
        )
        .unwrap();
        let res: Vec<Option<f64>> = c.as_slice().iter().map(|&v| t.get(v)).collect();
        let open: Vec<usize> = (0..w * h).filter(|&i| res[i].is_some()).collect();
        if open.is_empty() {
            continue;
        }
        let sources: Vec<usize> = (0..1 + rng.below(3))
            .map(|_| open[rng.below(open.len() as u64) as usize])
            .collect();
        let s = CostSurface::new(&c, &land(w, h, 7.0), &t).unwrap();
        let xy: Vec<(usize, usize)> = sources.iter().map(|&i| (i % w, i / w)).collect();
        let got = s.cost_distance(&xy).unwrap();
        let want = brute::bellman_ford(&res, w, h, 7.0, &sources);
        for (g, e) in got.as_slice().iter().zip(&want) {
            if e.is_infinite() {
                assert!(g.is_infinite());
            } else if *e > 0.0 {
                assert_close(*g, *e, 1e-9, "cost distance");
            } else {
                assert_eq!(*g, 0.0);
            }
        }
    }
}

#[test]
fn least_cost_path_is_connected_and_costs_the_distance() {
    let mut rng = Rng(5);
    let (w, h) = (30, 20);
    let c = brute::random_cover(&mut rng, w, h, 0.3, 0.0);
    let t = ResistanceTable::from_pairs(1.0, &[(1, 0.2), (2, 8.0)]).unwrap();
    let s = CostSurface::new(&c, &land(w, h, 10.0), &t).unwrap();
    let (from, to) = (vec![(0, 0), (0, 19)], vec![(29, 10), (28, 3)]);
    let path = s.least_cost_path(&from, &to).unwrap().unwrap();
    assert!(
        from.contains(&path.cells[0]) && to.contains(path.cells.last().unwrap()),
        "{:?}",
        path
    );
    let d = s.cost_distance(&from).unwrap();
    let best = to
        .iter()
        .map(|&(x, y)| *d.get(x, y))
        .fold(f64::INFINITY, f64::min);
    assert_close(path.cost, best, 1e-12, "path cost");
    let mut cost = 0.0;
    for pair in path.cells.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let (dx, dy) = (x0.abs_diff(x1), y0.abs_diff(y1));
        assert!(
            dx <= 1 && dy <= 1 && dx + dy > 0,
            "cells must be 8-neighbours"
        );
        let r = (t.get(*c.get(x0, y0)).unwrap() + t.get(*c.get(x1, y1)).unwrap()) / 2.0 * 10.0;
        cost += if dx + dy == 2 { 2f64.sqrt() * r } else { r };
    }
    assert_close(cost, path.cost, 1e-12, "sum of steps");
}

#[test]
fn unreachable_targets_and_bad_cells() {
    let c = Grid::from_vec(3, 1, vec![0u8, 255, 0]).unwrap();
    let s = CostSurface::new(
        &c,
        &land(3, 1, 10.0),
        &ResistanceTable::uniform(1.0).unwrap(),
    )
    .unwrap();
    assert_eq!(s.least_cost_path(&[(0, 0)], &[(2, 0)]).unwrap(), None);
    assert!(matches!(
        s.cost_distance(&[(1, 0)]),
        Err(ConnectivityError::CellImpassable { x: 1, y: 0 })
    ));
    assert!(matches!(
        s.cost_distance(&[(3, 0)]),
        Err(ConnectivityError::CellOutside { .. })
    ));
    assert!(matches!(
        s.cost_distance(&[]),
        Err(ConnectivityError::NoCells(_))
    ));
    assert!(matches!(
        s.least_cost_path(&[(0, 0)], &[]),
        Err(ConnectivityError::NoCells(_))
    ));
}
