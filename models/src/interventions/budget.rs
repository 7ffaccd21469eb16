//! Budgets: what an intervention may spend this year, checked cell by cell so that
//! neither its own limits nor the strategy's are ever exceeded.
//!
//! Costs are computed, never accumulated: `n` cells cost `cost_per_ha × area_ha(n)`
//! (exact for whole hectares), and a cell is taken only if the strategy's spending
//! so far plus that amount stays within the strategy's available money — the same sum
//! the ledger records — so `cost_cny ≤ budget_cny` holds exactly in floating point.

use super::components::Budget;
use shanshui_engine::Landscape;

/// The strategy's money for the year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Purse {
    /// Money available this year (annual + carried over), CNY; infinite without a
    /// strategy budget.
    pub available_cny: f64,
    /// Spent so far this year, CNY (summed intervention by intervention).
    pub spent_cny: f64,
}

/// What one intervention may take this year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allowance {
    landscape: Landscape,
    cost_per_ha: f64,
    cap_cny: f64,
    cap_ha: f64,
    prior_cny: f64,
    strategy_cny: f64,
    cells: u64,
}

impl Allowance {
    /// The allowance of an intervention with `budget`, costing `cost_per_ha` CNY/ha,
    /// given the strategy's `purse`.
    pub fn new(landscape: &Landscape, budget: &Budget, cost_per_ha: f64, purse: &Purse) -> Self {
        Self {
            landscape: *landscape,
            cost_per_ha,
            cap_cny: budget.annual_cny + budget.carry_cny,
            cap_ha: budget.annual_ha + budget.carry_ha,
            prior_cny: purse.spent_cny,
            strategy_cny: purse.available_cny,
            cells: 0,
        }
    }

    /// Takes `n` more cells if every limit allows it.
    pub fn try_take(&mut self, n: u64) -> bool {
        let cells = self.cells + n;
        let area = self.landscape.area_ha(cells);
        let cost = self.cost_per_ha * area;
        let fits = area <= self.cap_ha
            && cost <= self.cap_cny
            && self.prior_cny + cost <= self.strategy_cny;
        if fits {
            self.cells = cells;
        }
        fits
    }

    /// Cells taken.
    pub fn cells(&self) -> u64 {
        self.cells
    }

    /// Money spent, CNY.
    pub fn spent_cny(&self) -> f64 {
        self.cost_per_ha * self.landscape.area_ha(self.cells)
    }

    /// Closes the year: adds the spending to the purse and updates the carry-over.
    pub fn settle(&self, budget: &mut Budget, purse: &mut Purse) {
        let (spent, area) = (self.spent_cny(), self.landscape.area_ha(self.cells));
        purse.spent_cny = self.prior_cny + spent;
        let left = |cap: f64, used: f64| {
            if budget.rollover && cap.is_finite() {
                (cap - used).max(0.0)
            } else {
                0.0
            }
        };
        budget.carry_cny = left(self.cap_cny, spent);
        budget.carry_ha = left(self.cap_ha, area);
    }

    /// The money this intervention could have used this year (for `budget_cny`):
    /// its own cap, or what it spent when it has none.
    pub fn own_budget_cny(&self) -> f64 {
        if self.cap_cny.is_finite() {
            self.cap_cny
        } else {
            self.spent_cny()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn land() -> Landscape {
        Landscape {
            width: 10,
            height: 10,
            cell_size_m: 10.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        }
    }

    fn budget(cny: f64, ha: f64, rollover: bool) -> Budget {
        Budget {
            annual_cny: cny,
            annual_ha: ha,
            rollover,
            carry_cny: 0.0,
            carry_ha: 0.0,
        }
    }

    #[test]
    fn whole_hectares_are_exact() {
        let mut purse = Purse {
            available_cny: f64::INFINITY,
            spent_cny: 0.0,
        };
        let mut b = budget(f64::INFINITY, 1.0, false);
        let mut a = Allowance::new(&land(), &b, 1000.0, &purse);
        while a.try_take(1) {}
        assert_eq!(a.cells(), 100, "1 ha of 0.01 ha cells");
        a.settle(&mut b, &mut purse);
        assert_eq!(purse.spent_cny, 1000.0);
    }

    #[test]
    fn strategy_money_is_shared_and_rolls_over() {
        let mut purse = Purse {
            available_cny: 25.0,
            spent_cny: 0.0,
        };
        let mut first = budget(f64::INFINITY, f64::INFINITY, false);
        let mut a = Allowance::new(&land(), &first, 1000.0, &purse);
        while a.try_take(1) {}
        assert_eq!(a.cells(), 2);
        a.settle(&mut first, &mut purse);
        let mut second = budget(9.0, f64::INFINITY, true);
        let mut b = Allowance::new(&land(), &second, 500.0, &purse);
        while b.try_take(1) {}
        assert_eq!(b.cells(), 1, "own cap 9 CNY: one 5 CNY cell");
        b.settle(&mut second, &mut purse);
        assert_eq!(purse.spent_cny, 25.0);
        assert_eq!(second.carry_cny, 4.0);
    }
}
