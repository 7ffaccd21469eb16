//! A monotone radix heap: a min-priority queue for searches whose popped keys never
//! decrease (Dijkstra with non-negative weights). Keys are the bit patterns of
//! non-negative `f64` costs, which order like the costs. Pushing and popping cost
//! amortised `O(log range)` of cheap bit operations, well below a binary heap's
//! comparisons and cache misses on large grids. Equal keys come out last-in
//! first-out, a fixed order, so searches stay deterministic.

/// Min-queue of `(key, item)` with monotone keys.
pub(crate) struct RadixHeap {
    last: u64,
    len: usize,
    buckets: Vec<Vec<(u64, u32)>>,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        Self {
            last: 0,
            len: 0,
            buckets: (0..65).map(|_| Vec::new()).collect(),
        }
    }

    /// Empties the queue and resets the monotone floor to 0.
    pub(crate) fn clear(&mut self) {
        self.buckets.iter_mut().for_each(Vec::clear);
        (self.last, self.len) = (0, 0);
    }

    /// Adds `item` with `key`; `key` must not be below the last popped key.
    pub(crate) fn push(&mut self, key: u64, item: u32) {
        debug_assert!(key >= self.last, "radix heap keys must not decrease");
        self.buckets[bucket(key ^ self.last)].push((key, item));
        self.len += 1;
    }

    /// Removes an entry with the smallest key.
    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let i = self.buckets.iter().position(|b| !b.is_empty())?;
            let mut moved = std::mem::take(&mut self.buckets[i]);
            self.last = moved.iter().map(|e| e.0).min()?;
            for &(k, v) in &moved {
                self.buckets[bucket(k ^ self.last)].push((k, v));
            }
            moved.clear();
            // Bucket `i` is empty now (entries all move to lower buckets): keep the
            // allocation.
            self.buckets[i] = moved;
        }
        self.len -= 1;
        self.buckets[0].pop()
    }
}

fn bucket(diff: u64) -> usize {
    (u64::BITS - diff.leading_zeros()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_order() {
        let mut h = RadixHeap::new();
        for (k, v) in [(5.0f64, 1), (0.5, 2), (3.0, 3), (0.5, 4)] {
            h.push(k.to_bits(), v);
        }
        let first = h.pop().unwrap();
        assert_eq!(f64::from_bits(first.0), 0.5);
        h.push(2.0f64.to_bits(), 5);
        let rest: Vec<f64> = std::iter::from_fn(|| h.pop())
            .map(|e| f64::from_bits(e.0))
            .collect();
        assert_eq!(rest, vec![0.5, 2.0, 3.0, 5.0]);
    }
}
