//! Random small landscapes against the brute-force reference, to 1e-9 relative.

use crate::brute::{self, Rng, assert_close, land};
use proptest::prelude::*;
use shanshui_connectivity::*;
use shanshui_engine::Grid;

const TOL: f64 = 1e-9;

fn habitat() -> HabitatClasses {
    HabitatClasses::from_codes(&[1]).unwrap()
}

proptest! {
    #[test]
    fn labels_match_flood_fill(w in 1usize..14, h in 1usize..14, seed in any::<u64>(), eight in any::<bool>()) {
        let c = brute::random_cover(&mut Rng(seed), w, h, 0.45, 0.1);
        let n = if eight { Neighbourhood::Eight } else { Neighbourhood::Four };
        let got = label_patches(&c, &habitat(), n);
        let (want, count) = brute::flood_labels(&c, |v| v == 1, eight);
        prop_assert_eq!(got.count(), count);
        let got: Vec<Option<usize>> = got.labels().as_slice().iter()
            .map(|&l| (l != PatchLabels::NO_PATCH).then_some(l as usize)).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn cell_labels_match_grid_labels(w in 1usize..14, h in 1usize..14, seed in any::<u64>(), eight in any::<bool>()) {
        let c = brute::random_cover(&mut Rng(seed), w, h, 0.45, 0.1);
        let n = if eight { Neighbourhood::Eight } else { Neighbourhood::Four };
        let grid = label_patches(&c, &habitat(), n);
        let cells: Vec<u32> = (0..w * h).filter(|&i| c.as_slice()[i] == 1).map(|i| i as u32).collect();
        let (ids, count) = label_cells(&cells, w, n);
        prop_assert_eq!(count, grid.count());
        let want: Vec<u32> = cells.iter().map(|&i| grid.labels().as_slice()[i as usize]).collect();
        prop_assert_eq!(ids, want);
    }
}

/// Everything the brute force computes for one landscape.
struct Expected {
    areas: Vec<f64>,
    d: Vec<Vec<f64>>,
    numerator: f64,
    iic: f64,
    dpc: Vec<f64>,
    al: f64,
    faces: usize,
}

fn expected(
    c: &Grid<u8>,
    cell: f64,
    eight: bool,
    d: Option<Vec<Vec<f64>>>,
    params: &ConnectivityParams,
) -> Expected {
    let (labels, count) = brute::flood_labels(c, |v| v == 1, eight);
    let cells = brute::patch_cells(&labels, count, c.width());
    let cell_ha = cell * cell / 1e4;
    let areas: Vec<f64> = cells.iter().map(|p| p.len() as f64 * cell_ha).collect();
    let d = d.unwrap_or_else(|| brute::euclidean_matrix(&cells, cell));
    let pstar = brute::max_product(&d, params.d50_m, params.p_min, None);
    let numerator = brute::pc_numerator(&areas, &pstar);
    let link = params.link_distance_m.unwrap_or(params.d50_m);
    let iic = brute::iic_numerator(&areas, &d, link);
    let dpc = (0..count)
        .map(|k| {
            let pk = brute::max_product(&d, params.d50_m, params.p_min, Some(k));
            let mut ak = areas.clone();
            ak[k] = 0.0;
            100.0 * (numerator - brute::pc_numerator(&ak, &pk)) / numerator
        })
        .collect();
    let al = c.as_slice().iter().filter(|&&v| v != 255).count() as f64 * cell_ha;
    Expected {
        areas,
        d,
        numerator,
        iic,
        dpc,
        al,
        faces: brute::edge_faces(c, |v| v == 1),
    }
}

fn compare(r: &ConnectivityReport, e: &Expected, cell: f64, what: &str) {
    assert_eq!(r.patches, e.areas.len(), "{what}: patches");
    assert_close(r.landscape_area_ha, e.al, TOL, "A_L");
    if e.areas.is_empty() {
        return;
    }
    assert_close(r.habitat_area_ha, e.areas.iter().sum(), TOL, "habitat area");
    assert_close(
        r.largest_patch_ha,
        e.areas.iter().copied().fold(0.0, f64::max),
        TOL,
        "largest",
    );
    assert_close(
        r.pc,
        e.numerator / (e.al * e.al),
        TOL,
        &format!("{what}: PC"),
    );
    assert_close(r.eca_ha, e.numerator.sqrt(), TOL, &format!("{what}: ECA"));
    assert_close(r.iic, e.iic / (e.al * e.al), TOL, &format!("{what}: IIC"));
    if e.faces > 0 {
        assert_close(
            r.edge_density_m_per_ha,
            e.faces as f64 * cell / e.al,
            TOL,
            "edge density",
        );
    }
    for (row, &want) in r.patch_table.iter().flatten().zip(&e.dpc) {
        // dPC is a difference of two sums; compare it on the scale of PC (100 %).
        assert!(
            (row.dpc - want).abs() <= TOL * want.abs().max(1.0),
            "{what}: dPC {} vs {want}",
            row.dpc
        );
    }
}

fn random_params(rng: &mut Rng, cell: f64) -> ConnectivityParams {
    let mut params = ConnectivityParams::new(cell * (0.3 + 4.0 * rng.unit()));
    params.per_patch = rng.below(3) != 0;
    params.link_distance_m = (rng.below(2) == 0).then(|| cell * 3.0 * rng.unit());
    params.p_min = if rng.below(2) == 0 { 1e-300 } else { 1e-3 };
    params
}

#[test]
fn euclidean_results_match_brute_force() {
    let mut rng = Rng(42);
    for case in 0..60 {
        let (w, h) = (2 + rng.below(16) as usize, 1 + rng.below(12) as usize);
        let density = 0.15 + 0.3 * rng.unit();
        let c = brute::random_cover(&mut rng, w, h, density, 0.1);
        if c.as_slice().iter().all(|&v| v == 255) {
            continue;
        }
        let cell = 5.0 + 10.0 * rng.unit();
        let mut params = random_params(&mut rng, cell);
        let eight = rng.below(2) == 0;
        params.neighbourhood = if eight {
            Neighbourhood::Eight
        } else {
            Neighbourhood::Four
        };
        let r = analyse(&c, &land(w, h, cell), &habitat(), &params).unwrap();
        let e = expected(&c, cell, eight, None, &params);
        compare(&r, &e, cell, &format!("case {case}"));
    }
}

#[test]
fn pair_distances_match_all_cell_pairs() {
    let mut rng = Rng(7);
    for _ in 0..40 {
        let (w, h) = (1 + rng.below(30) as usize, 1 + rng.below(30) as usize);
        let c = brute::random_cover(&mut rng, w, h, 0.3, 0.05);
        let cutoff = 10.0 * rng.below(25) as f64;
        let ps = match PatchSet::new(&c, &land(w, h, 10.0), &habitat(), Neighbourhood::Eight) {
            Ok(ps) => ps,
            Err(_) => continue,
        };
        let pairs = euclidean_pairs(&ps, cutoff);
        let e = expected(&c, 10.0, true, None, &ConnectivityParams::new(10.0));
        let mut want = Vec::new();
        for i in 0..e.d.len() {
            for j in i + 1..e.d.len() {
                if e.d[i][j] <= cutoff {
                    want.push((i as u32, j as u32, e.d[i][j]));
                }
            }
        }
        let got: Vec<_> = pairs.iter().map(|p| (p.a, p.b, p.distance)).collect();
        assert_eq!(got, want);
    }
}

/// Random resistance for classes 0–2; class 2 is sometimes a barrier.
fn random_table(rng: &mut Rng) -> (ResistanceTable, [Option<f64>; 3]) {
    let mut r = [
        Some(0.5 + 4.0 * rng.unit()),
        Some(0.5 + 4.0 * rng.unit()),
        Some(0.5 + 4.0 * rng.unit()),
    ];
    if rng.below(3) == 0 {
        r[2] = None;
    }
    let mut t = ResistanceTable::uniform(1.0).unwrap();
    for (class, v) in r.iter().enumerate() {
        t = match v {
            Some(v) => t.with_class(class as u8, *v).unwrap(),
            None => t.with_barrier(class as u8),
        };
    }
    (t, r)
}

#[test]
fn least_cost_results_match_bellman_ford() {
    let mut rng = Rng(2024);
    for case in 0..30 {
        let (w, h) = (2 + rng.below(10) as usize, 1 + rng.below(8) as usize);
        let c = brute::random_cover(&mut rng, w, h, 0.3, 0.1);
        if c.as_slice().iter().all(|&v| v == 255) {
            continue;
        }
        let cell = 10.0;
        let (table, r) = random_table(&mut rng);
        let mut params = random_params(&mut rng, cell * 2.0);
        params.distance = DistanceMetric::LeastCost(table);
        let res: Vec<Option<f64>> = c
            .as_slice()
            .iter()
            .map(|&v| if v == 255 { None } else { r[v as usize] })
            .collect();
        let (labels, count) = brute::flood_labels(&c, |v| v == 1, true);
        let cells = brute::patch_cells(&labels, count, w);
        let d = brute::least_cost_matrix(&cells, &res, w, h, cell);
        let got = analyse(&c, &land(w, h, cell), &habitat(), &params).unwrap();
        let e = expected(&c, cell, true, Some(d), &params);
        compare(&got, &e, cell, &format!("least-cost case {case}"));
    }
}
