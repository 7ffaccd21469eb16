//! Results known in closed form.

use crate::brute::{assert_close, land};
use shanshui_connectivity::*;
use shanshui_engine::Grid;

fn cover(rows: &[&str]) -> Grid<u8> {
    let code = |b: u8| match b {
        b'#' => 1,
        b'x' => 255,
        _ => 0,
    };
    let data = rows.iter().flat_map(|r| r.bytes().map(code)).collect();
    Grid::from_vec(rows[0].len(), rows.len(), data).unwrap()
}

fn habitat() -> HabitatClasses {
    HabitatClasses::from_codes(&[1]).unwrap()
}

fn run(c: &Grid<u8>, params: &ConnectivityParams) -> ConnectivityReport {
    analyse(c, &land(c.width(), c.height(), 10.0), &habitat(), params).unwrap()
}

fn p(d: f64, d50: f64) -> f64 {
    (-(2f64.ln()) * d / d50).exp()
}

#[test]
fn one_patch_eca_is_its_area() {
    let c = cover(&[".....", ".###.", ".###.", "....."]);
    let r = run(&c, &ConnectivityParams::new(50.0));
    assert_eq!(r.patches, 1);
    assert_close(r.eca_ha, 0.06, 1e-15, "ECA");
    assert_close(r.pc, (0.06f64 / 0.2).powi(2), 1e-15, "PC");
    assert_close(r.iic, r.pc, 1e-15, "IIC of one patch");
    assert_eq!(
        (r.largest_patch_ha, r.mean_patch_ha),
        (r.habitat_area_ha, r.habitat_area_ha)
    );
}

#[test]
fn two_patches_give_2a2_1_plus_p() {
    // Two 2×2 patches; nearest centres at x = 1 and x = 5, so d = 40 m.
    let c = cover(&["##...##.", "##...##."]);
    let mut params = ConnectivityParams::new(30.0);
    params.per_patch = true;
    let r = run(&c, &params);
    let (a, al, pd) = (0.04, 0.16, p(40.0, 30.0));
    assert_eq!(r.patches, 2);
    assert_close(r.pc * al * al, 2.0 * a * a * (1.0 + pd), 1e-14, "PC·A_L²");
    assert_close(r.eca_ha, (2.0 * a * a * (1.0 + pd)).sqrt(), 1e-14, "ECA");
    let dpc = 100.0 * (2.0 * a * a * (1.0 + pd) - a * a) / (2.0 * a * a * (1.0 + pd));
    for row in r.patch_table.unwrap() {
        assert_close(row.dpc, dpc, 1e-12, "dPC of either patch");
        assert_close(row.area_ha, a, 1e-15, "area");
    }
}

/// `p*_13` between single-cell patches at the ends, with a middle patch; `ids` are
/// the patch ids of end 1, the middle and end 3.
fn p13(c: &Grid<u8>, d50: f64, [e1, m, e3]: [u32; 3]) -> (f64, [f64; 3]) {
    let l = land(c.width(), c.height(), 10.0);
    let ps = PatchSet::new(c, &l, &habitat(), Neighbourhood::Eight).unwrap();
    let kernel = DispersalKernel::new(d50, 1e-12).unwrap();
    let pairs = euclidean_pairs(&ps, kernel.cutoff());
    let g = PatchGraph::probability(ps.len(), &pairs, &kernel);
    let star = g.max_product_probabilities(e1, kernel.max_weight());
    let d = |a: u32, b: u32| {
        let (a, b) = (a.min(b), a.max(b));
        pairs
            .iter()
            .find(|q| (q.a, q.b) == (a, b))
            .unwrap()
            .distance
    };
    (star[e3 as usize], [d(e1, m), d(m, e3), d(e1, e3)])
}

#[test]
fn three_collinear_patches_stepping_stone_wins() {
    // Ends at x = 0 and x = 10, a 5-cell stepping stone from x = 3 to 7.
    let c = cover(&["#..#####..#"]);
    let (star, [d12, d23, d13]) = p13(&c, 25.0, [0, 1, 2]);
    assert_eq!([d12, d23, d13], [30.0, 30.0, 100.0]);
    let (direct, via) = (p(d13, 25.0), p(d12, 25.0) * p(d23, 25.0));
    assert!(via > direct);
    assert_close(star, direct.max(via), 1e-14, "p*13");
}

#[test]
fn three_patches_direct_link_wins() {
    // The middle patch sits off the line: d12 + d23 = 2√41 cells > d13 = 10 cells.
    let c = cover(&[
        "#.........#",
        "...........",
        "...........",
        "...........",
        ".....#.....",
    ]);
    // Ids follow the first cell in row-major order: the middle patch is 2.
    let (star, [d12, d23, d13]) = p13(&c, 25.0, [0, 2, 1]);
    assert_close(d12, 41f64.sqrt() * 10.0, 1e-15, "d12");
    assert_close(d23, d12, 1e-15, "d23");
    assert_eq!(d13, 100.0);
    let (direct, via) = (p(d13, 25.0), p(d12, 25.0) * p(d23, 25.0));
    assert!(direct > via);
    assert_close(star, direct.max(via), 1e-14, "p*13");
}

#[test]
fn diagonal_contact_is_one_patch_with_8_and_two_with_4() {
    let c = cover(&["#.", ".#"]);
    let mut params = ConnectivityParams::new(10.0);
    assert_eq!(run(&c, &params).patches, 1);
    params.neighbourhood = Neighbourhood::Four;
    let r = run(&c, &params);
    assert_eq!(r.patches, 2);
    assert_eq!(r.largest_patch_ha, 0.01);
}

#[test]
fn nodata_is_outside_the_landscape_area() {
    let c = cover(&["xx#.", "xx..", "xxxx"]);
    let r = run(&c, &ConnectivityParams::new(10.0));
    assert_close(r.landscape_area_ha, 0.04, 1e-15, "A_L");
    assert_close(r.pc, (0.01f64 / 0.04).powi(2), 1e-15, "PC");
    // Faces of the habitat cell: right (open) and below (open) count; left is nodata.
    assert_close(r.edge_density_m_per_ha, 20.0 / 0.04, 1e-15, "edge density");
}

#[test]
fn iic_on_a_hand_computed_graph() {
    // Single cells at x = 0, 2, 4, 9 (1 m cells): links 0–1 and 1–2 at 2 m; 3 alone.
    let c = cover(&["#.#.#....#"]);
    let l = land(10, 1, 1.0);
    let mut params = ConnectivityParams::new(1.0);
    params.link_distance_m = Some(2.0);
    let r = analyse(&c, &l, &habitat(), &params).unwrap();
    let a = 1e-4;
    let expected = 4.0 * a * a + 2.0 * a * a * (0.5 + 0.5 + 1.0 / 3.0);
    assert_close(r.iic * 1e-3 * 1e-3, expected, 1e-14, "IIC");
    // With the default link distance (d50 = 1 m) no pair is linked.
    params.link_distance_m = None;
    let r = analyse(&c, &l, &habitat(), &params).unwrap();
    assert_close(r.iic * 1e-6, 4.0 * a * a, 1e-14, "IIC without links");
}

#[test]
fn bad_parameters_are_errors_not_panics() {
    let c = cover(&["#.#"]);
    let l = land(3, 1, 10.0);
    let h = habitat();
    for d50 in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = analyse(&c, &l, &h, &ConnectivityParams::new(d50)).unwrap_err();
        assert!(matches!(e, ConnectivityError::D50(_)), "{e}");
    }
    let mut params = ConnectivityParams::new(10.0);
    params.link_distance_m = Some(-1.0);
    assert!(matches!(
        analyse(&c, &l, &h, &params),
        Err(ConnectivityError::LinkDistance(_))
    ));
    params.link_distance_m = None;
    params.p_min = 0.0;
    assert!(matches!(
        analyse(&c, &l, &h, &params),
        Err(ConnectivityError::PMin(_))
    ));
    let nodata = cover(&["xxx"]);
    let e = analyse(&nodata, &l, &h, &ConnectivityParams::new(10.0)).unwrap_err();
    assert_eq!(e, ConnectivityError::NoData);
    assert!(e.to_string().contains("no cell with data"));
    let e = analyse(&c, &land(4, 1, 10.0), &h, &ConnectivityParams::new(10.0)).unwrap_err();
    assert!(matches!(e, ConnectivityError::Shape { .. }));
    let e = analyse(&c, &land(3, 1, -10.0), &h, &ConnectivityParams::new(10.0)).unwrap_err();
    assert!(matches!(e, ConnectivityError::CellSize(_)));
    assert!(ResistanceTable::from_pairs(1.0, &[(3, -2.0)]).is_err());
    assert!(ResistanceTable::uniform(f64::INFINITY).is_err());
}

#[test]
fn no_habitat_gives_zeros() {
    let c = cover(&["...", "..."]);
    let mut params = ConnectivityParams::new(10.0);
    params.per_patch = true;
    let r = run(&c, &params);
    assert_eq!(
        (r.patches, r.pc, r.iic, r.eca_ha, r.largest_patch_ha),
        (0, 0.0, 0.0, 0.0, 0.0)
    );
    assert_eq!(r.patch_table, Some(vec![]));
}

#[test]
fn report_serialises_with_the_cli_keys() {
    let c = cover(&["#..#"]);
    let mut params = ConnectivityParams::new(10.0);
    let json = serde_json::to_value(run(&c, &params)).unwrap();
    for key in [
        "patches",
        "habitat_area_ha",
        "largest_patch_ha",
        "mean_patch_ha",
        "edge_density_m_per_ha",
        "pc",
        "iic",
        "eca_ha",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert!(json.get("patch_table").is_none());
    params.per_patch = true;
    let json = serde_json::to_value(run(&c, &params)).unwrap();
    let row = &json["patch_table"][1];
    for key in ["id", "area_ha", "centroid_x", "centroid_y", "dpc"] {
        assert!(row.get(key).is_some(), "missing {key}");
    }
    assert_eq!(row["centroid_x"], 1035.0);
    assert_eq!(row["centroid_y"], 4995.0);
}
