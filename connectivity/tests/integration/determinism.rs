//! Identical results for 1 and 2 rayon threads.

use crate::brute::{self, Rng, land};
use rayon::ThreadPoolBuilder;
use shanshui_connectivity::*;

fn with_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn identical_results_for_one_and_two_threads() {
    let c = brute::random_cover(&mut Rng(11), 90, 70, 0.25, 0.05);
    let l = land(90, 70, 10.0);
    let h = HabitatClasses::from_codes(&[1]).unwrap();
    let mut params = ConnectivityParams::new(25.0);
    params.per_patch = true;
    let run = |params: &ConnectivityParams| analyse(&c, &l, &h, params).unwrap();
    let one = with_threads(1, || run(&params));
    assert!(one.patches > 150, "{} patches", one.patches);
    assert_eq!(
        one,
        with_threads(2, || run(&params)),
        "Euclidean report differs"
    );
    params.distance =
        DistanceMetric::LeastCost(ResistanceTable::from_pairs(1.0, &[(2, 4.0)]).unwrap());
    params.d50_m = 10.0;
    assert_eq!(
        with_threads(1, || run(&params)),
        with_threads(2, || run(&params)),
        "least-cost report differs"
    );
    let s = CostSurface::new(&c, &l, &ResistanceTable::uniform(2.0).unwrap()).unwrap();
    let grid = |n| with_threads(n, || s.cost_distance(&[(3, 4), (80, 60)]).unwrap());
    assert_eq!(grid(1), grid(2));
}
