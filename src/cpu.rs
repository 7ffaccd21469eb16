//! The CPU level the binary was built for (`.cargo/config.toml`), checked first so
//! that an older CPU gets an explanation instead of an illegal-instruction crash.

/// The x86-64-v3 features (AVX, AVX2, FMA, BMI1, BMI2) that this build may use and the
/// CPU lacks; empty for a baseline build and on other architectures. Read with
/// `cpuid` directly: the `is_x86_feature_detected!` macro answers "yes" at compile time
/// for features the build enables.
pub fn missing_features() -> Vec<&'static str> {
    #[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
    {
        use std::arch::x86_64::{__cpuid, __cpuid_count};
        let (basic, extended) = (__cpuid(1), __cpuid_count(7, 0));
        let bit = |register: u32, n: u32| register >> n & 1 == 1;
        [
            ("avx", bit(basic.ecx, 28)),
            ("avx2", bit(extended.ebx, 5)),
            ("fma", bit(basic.ecx, 12)),
            ("bmi1", bit(extended.ebx, 3)),
            ("bmi2", bit(extended.ebx, 8)),
        ]
        .into_iter()
        .filter_map(|(name, present)| (!present).then_some(name))
        .collect()
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "avx2")))]
    Vec::new()
}

#[cfg(test)]
mod tests {
    /// The machines that build and test Shanshui run what they build.
    #[test]
    fn this_machine_runs_this_build() {
        assert_eq!(super::missing_features(), Vec::<&str>::new());
    }
}
