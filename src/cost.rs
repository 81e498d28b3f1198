//! What a run cost: seconds per stage, the embedding cache's answers and the process's peak
//! memory. Written to `timings.json` only, since none of it is reproducible between runs.

use crate::embed::CacheCounts;

/// Costs gathered while a run goes.
#[derive(Debug, Clone, Default)]
pub struct Cost {
    /// Each stage in the order it ran: name, wall-clock seconds, resident memory after it.
    pub stages: Vec<(String, f64, Option<u64>)>,
    /// The embedding cache's hits and misses, when a cache was used.
    pub cache: Option<CacheCounts>,
    /// Wall-clock seconds per output file written (all but timings.json itself); files are
    /// written in parallel, so these overlap.
    pub writes: Vec<(String, f64)>,
    /// Wall-clock seconds of writing them all.
    pub writing: f64,
}

/// The process's peak resident memory in bytes (Linux `VmHWM`), or `None` where unknown.
pub fn peak_rss_bytes() -> Option<u64> {
    status_bytes("VmHWM:")
}

/// The process's resident memory now (Linux `VmRSS`): after each stage, it shows which one
/// holds the memory.
pub fn rss_bytes() -> Option<u64> {
    status_bytes("VmRSS:")
}

fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line
        .trim_start_matches(field)
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_rss_covers_what_is_held() {
        let before = peak_rss_bytes().expect("Linux reports VmHWM");
        let block = vec![1u8; 64 << 20];
        let after = peak_rss_bytes().unwrap();
        assert!(block.iter().all(|&b| b == 1));
        // Other tests share the process, so only lower bounds hold.
        assert!(after >= before && after >= 64 << 20, "{before} → {after}");
    }
}
