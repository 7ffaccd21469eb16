//! [`InitialMemo`]: a value derived from a simulation's initial state, computed once
//! and shared by every simulation that starts from an equal state.
//!
//! A scenario builds one simulation per (strategy, replicate), all from the same
//! site. A plugin built once per site and cloned into each simulation can keep what
//! it derives from the initial maps (an inundation raster, initial layers, a year-0
//! assessment) in an `InitialMemo`: clones share it, and each simulation compares its
//! own initial state with the stored key before reusing the value, so a simulation
//! that starts elsewhere computes its own.

use std::sync::{Arc, OnceLock};

/// The value of the first key it was asked for, shared by clones (module docs).
#[derive(Debug)]
pub struct InitialMemo<K, V>(Arc<OnceLock<(K, V)>>);

impl<K, V> Default for InitialMemo<K, V> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<K, V> Clone for InitialMemo<K, V> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<K: PartialEq + Clone, V: Clone> InitialMemo<K, V> {
    /// The stored value when it was computed for a key equal to `key`, else
    /// `compute()` (stored if nothing is stored yet).
    pub fn get(&self, key: &K, compute: impl FnOnce() -> V) -> V {
        let ok = self.try_get(key, || Ok::<_, std::convert::Infallible>(compute()));
        ok.unwrap_or_else(|never| match never {})
    }

    /// As [`Self::get`] for a computation that may fail; failures are not stored.
    pub fn try_get<E>(&self, key: &K, compute: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some((k, v)) = self.0.get()
            && k == key
        {
            return Ok(v.clone());
        }
        let value = compute()?;
        // Another simulation may have stored its value meanwhile: keep the first.
        let _ = self.0.set((key.clone(), value.clone()));
        Ok(value)
    }

    /// Whether a value is stored.
    pub fn is_set(&self) -> bool {
        self.0.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn clones_share_the_value_of_an_equal_key_only() {
        let memo = InitialMemo::<u32, String>::default();
        let shared = memo.clone();
        let calls = Cell::new(0);
        let compute = |v: &str| {
            calls.set(calls.get() + 1);
            v.to_owned()
        };
        assert_eq!(memo.get(&1, || compute("one")), "one");
        assert_eq!(shared.get(&1, || compute("again")), "one");
        assert_eq!(calls.get(), 1, "an equal key reuses the stored value");
        assert_eq!(shared.get(&2, || compute("two")), "two");
        assert_eq!(calls.get(), 2, "another key is computed afresh");
        assert_eq!(
            memo.get(&1, || compute("x")),
            "one",
            "the first key stays stored"
        );
    }

    #[test]
    fn failures_are_not_stored() {
        let memo = InitialMemo::<u32, u32>::default();
        assert_eq!(memo.try_get(&1, || Err::<u32, &str>("no")), Err("no"));
        assert!(!memo.is_set());
        assert_eq!(memo.try_get(&1, || Ok::<u32, &str>(7)), Ok(7));
        assert!(memo.is_set());
    }
}
