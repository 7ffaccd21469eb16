//! The job file format: one finished (strategy, replicate) run, bit-exact, in a small
//! little-endian binary layout with a CRC-32 trailer.
//!
//! ```text
//! magic        8 bytes  "SHSJOB" 0x00 0x03 (format 3)
//! key         32 bytes  SHA-256 of the checkpoint's identity (which run it belongs to)
//! strategy     str      u32 length + UTF-8
//! replicate    u32
//! metrics      u32 count, then each name as str
//! samples      u64 count, then each: u32 year, u32 metric index, u64 f64 bits
//! snapshots    u32 count, then each: u32 year, u8 grid (land cover),
//!              u8 0 | 1 then an f32 grid (Spartina cover) of the same size
//!   u8 grid    u32 width, u32 height, width × height bytes
//!   f32 grid   per row: u32 lo, u32 hi, then hi − lo × u32 f32 bits, the values
//!              of columns lo..hi; every other value of the row is +0.0
//! checksum     4 bytes  CRC-32 (IEEE) of everything before it
//! ```
//!
//! Floating-point values are stored as their bits, so a decoded run equals the run that
//! was encoded exactly (NaN payloads and signed zeros included). A file whose checksum,
//! key, strategy or replicate does not match, or that is cut short, is refused. Files
//! are renamed into place only once complete, so the checksum guards against damage
//! at rest; CRC-32 detects that at memory speed (a run's file holds megabytes of maps).
//! Cover grids are mostly zero, so each row keeps only the span between its first and
//! last value that is not `+0.0` (a third of the bytes of the default scenario).

use shanshui_engine::{Grid, MetricSeries, Sample};
use shanshui_scenarios::{ReplicateRun, Snapshot};

/// First bytes of a job file: name and format version.
const MAGIC: &[u8; 8] = b"SHSJOB\x00\x03";

/// Length of the key.
const HASH: usize = 32;

/// Length of the checksum.
const CHECKSUM: usize = 4;

/// The bytes of a job file holding `run`, replicate `replicate` of `strategy`, in the
/// checkpoint whose identity hashes to `key`.
pub fn encode(key: &[u8; HASH], strategy: &str, replicate: u32, run: &ReplicateRun) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.0.extend_from_slice(key);
    w.str(strategy);
    w.u32(replicate);
    let series = &run.series;
    w.len32(series.metrics.len());
    for name in &series.metrics {
        w.str(name);
    }
    w.u64(series.samples.len() as u64);
    for s in &series.samples {
        w.u32(s.year);
        w.len32(s.metric);
        w.u64(s.value.to_bits());
    }
    w.len32(run.snapshots.len());
    for snapshot in &run.snapshots {
        w.u32(snapshot.year);
        w.dims(&snapshot.land_cover);
        w.0.extend_from_slice(snapshot.land_cover.as_slice());
        match &snapshot.spartina_cover {
            None => w.0.push(0),
            Some(cover) => {
                w.0.push(1);
                w.dims(cover);
                w.spans(cover);
            }
        }
    }
    let checksum = crc32fast::hash(&w.0);
    w.0.extend_from_slice(&checksum.to_le_bytes());
    w.0
}

/// The run in the job file `bytes`, checked to be replicate `replicate` of `strategy`
/// in the checkpoint whose identity hashes to `key`; why not otherwise.
pub fn decode(
    bytes: &[u8],
    key: &[u8; HASH],
    strategy: &str,
    replicate: u32,
) -> Result<ReplicateRun, String> {
    let body_len = bytes
        .len()
        .checked_sub(CHECKSUM)
        .filter(|&n| n >= MAGIC.len() + HASH)
        .ok_or("too short to be a job file")?;
    let (body, checksum) = bytes.split_at(body_len);
    if bytes[..MAGIC.len()] != MAGIC[..] {
        return Err("not a job file of this version of shanshui".into());
    }
    if crc32fast::hash(body).to_le_bytes() != checksum {
        return Err("checksum mismatch (damaged file)".into());
    }
    let mut r = Reader {
        bytes: body,
        at: MAGIC.len(),
    };
    if r.take(HASH)? != key {
        return Err("made by another run (different scenario or settings)".into());
    }
    let (found_strategy, found_replicate) = (r.str()?, r.u32()?);
    if found_strategy != strategy || found_replicate != replicate {
        return Err(format!(
            "holds replicate {found_replicate} of {found_strategy}, not replicate {replicate} of {strategy}"
        ));
    }
    let metrics = (0..r.u32()?)
        .map(|_| r.str().map(str::to_owned))
        .collect::<Result<Vec<_>, _>>()?;
    let count = r.count(16)?;
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let year = r.u32()?;
        let metric = r.u32()? as usize;
        if metric >= metrics.len() {
            return Err(format!("sample of unknown metric {metric}"));
        }
        let value = f64::from_bits(r.u64()?);
        samples.push(Sample {
            year,
            metric,
            value,
        });
    }
    let mut snapshots = Vec::new();
    for _ in 0..r.u32()? {
        let year = r.u32()?;
        let (width, height) = r.dims(1)?;
        let land_cover = grid(width, height, r.take(width * height)?.to_vec())?;
        let spartina_cover = match r.take(1)?[0] {
            0 => None,
            1 => {
                let dims = (r.u32()? as usize, r.u32()? as usize);
                if dims != (width, height) {
                    return Err("Spartina cover and land cover differ in size".into());
                }
                Some(grid(width, height, r.spans(width, height)?)?)
            }
            other => return Err(format!("bad Spartina cover flag {other}")),
        };
        snapshots.push(Snapshot {
            year,
            land_cover,
            spartina_cover,
        });
    }
    if r.at != body.len() {
        return Err("trailing bytes".into());
    }
    Ok(ReplicateRun {
        series: MetricSeries { metrics, samples },
        snapshots,
    })
}

fn grid<T>(width: usize, height: usize, cells: Vec<T>) -> Result<Grid<T>, String> {
    Grid::from_vec(width, height, cells).ok_or_else(|| "grid of the wrong size".into())
}

/// Appends little-endian values.
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or index that the format stores as u32.
    fn len32(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("counts and indices of a run fit in 32 bits"));
    }

    fn str(&mut self, s: &str) {
        self.len32(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn dims<T>(&mut self, grid: &Grid<T>) {
        self.len32(grid.width());
        self.len32(grid.height());
    }

    /// Each row of `grid` as its span between the first and last value that is not
    /// `+0.0` (module docs).
    fn spans(&mut self, grid: &Grid<f32>) {
        for y in 0..grid.height() {
            let row = grid.row(y);
            let kept = |v: &f32| v.to_bits() != 0;
            let lo = row.iter().position(kept).unwrap_or(row.len());
            let hi = row.iter().rposition(kept).map_or(lo, |x| x + 1);
            self.len32(lo);
            self.len32(hi);
            self.0.reserve(4 * (hi - lo));
            for v in &row[lo..hi] {
                self.u32(v.to_bits());
            }
        }
    }
}

/// Reads little-endian values, refusing to read past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or("cut short")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let mut b = [0; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn str(&mut self) -> Result<&'a str, String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|e| e.to_string())
    }

    /// A u64 count of items of `size` bytes each, refused when the rest is too short
    /// (so a bad count cannot ask for a huge allocation).
    fn count(&mut self, size: usize) -> Result<usize, String> {
        let n = usize::try_from(self.u64()?).map_err(|e| e.to_string())?;
        if n.checked_mul(size)
            .is_none_or(|bytes| bytes > self.bytes.len() - self.at)
        {
            return Err("cut short".into());
        }
        Ok(n)
    }

    /// A `width × height` f32 grid stored as row spans (module docs).
    fn spans(&mut self, width: usize, height: usize) -> Result<Vec<f32>, String> {
        let mut cells = vec![0.0; width * height];
        for y in 0..height {
            let (lo, hi) = (self.u32()? as usize, self.u32()? as usize);
            if lo > hi || hi > width {
                return Err(format!("bad row span {lo}..{hi} of width {width}"));
            }
            let span = &mut cells[y * width + lo..y * width + hi];
            for (v, b) in span
                .iter_mut()
                .zip(self.take(4 * (hi - lo))?.chunks_exact(4))
            {
                *v = f32::from_bits(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            }
        }
        Ok(cells)
    }

    /// Width and height of a grid of cells of `size` bytes, checked against the rest.
    fn dims(&mut self, size: usize) -> Result<(usize, usize), String> {
        let (width, height) = (self.u32()? as usize, self.u32()? as usize);
        if width
            .checked_mul(height)
            .and_then(|n| n.checked_mul(size))
            .is_none_or(|bytes| bytes > self.bytes.len() - self.at)
        {
            return Err("cut short".into());
        }
        Ok((width, height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; HASH] = [7; HASH];

    fn run() -> ReplicateRun {
        let values = [
            0.1,
            -0.0,
            f64::MIN_POSITIVE / 3.0,
            f64::from_bits(0x7ff8_dead_beef_0001),
            f64::INFINITY,
            1e300,
        ];
        let series = MetricSeries {
            metrics: vec!["marsh_area_ha".into(), "pc".into(), "é".into()],
            samples: values
                .iter()
                .enumerate()
                .map(|(i, &value)| Sample {
                    year: i as u32 / 2,
                    metric: i % 3,
                    value,
                })
                .collect(),
        };
        let cover = Grid::from_vec(
            3,
            2,
            vec![0.5, -0.0, f32::from_bits(0x7fc0_1234), 1e-40, 1.0, 0.0],
        )
        .unwrap();
        ReplicateRun {
            series,
            snapshots: vec![
                Snapshot {
                    year: 0,
                    land_cover: Grid::from_vec(3, 2, vec![1, 2, 3, 255, 0, 9]).unwrap(),
                    spartina_cover: Some(cover),
                },
                Snapshot {
                    year: 5,
                    land_cover: Grid::filled(3, 2, 4),
                    spartina_cover: None,
                },
            ],
        }
    }

    /// Equality of bits, NaN included (`PartialEq` says NaN ≠ NaN).
    fn bits(run: &ReplicateRun) -> (Vec<u64>, Vec<u32>) {
        let samples = run
            .series
            .samples
            .iter()
            .map(|s| s.value.to_bits())
            .collect();
        let cells = run
            .snapshots
            .iter()
            .filter_map(|s| s.spartina_cover.as_ref())
            .flat_map(|g| g.as_slice().iter().map(|v| v.to_bits()))
            .collect();
        (samples, cells)
    }

    #[test]
    fn round_trips_bit_for_bit() {
        let original = run();
        let bytes = encode(&KEY, "removal", 3, &original);
        let decoded = decode(&bytes, &KEY, "removal", 3).unwrap();
        assert_eq!(bits(&decoded), bits(&original));
        assert_eq!(decoded.series.metrics, original.series.metrics);
        assert_eq!(
            decoded
                .series
                .samples
                .iter()
                .map(|s| (s.year, s.metric))
                .collect::<Vec<_>>(),
            original
                .series
                .samples
                .iter()
                .map(|s| (s.year, s.metric))
                .collect::<Vec<_>>()
        );
        assert_eq!(decoded.snapshots.len(), 2);
        assert_eq!(decoded.snapshots[1], original.snapshots[1]);
        assert_eq!(
            decoded.snapshots[0].land_cover,
            original.snapshots[0].land_cover
        );
        let empty = ReplicateRun {
            series: MetricSeries::default(),
            snapshots: Vec::new(),
        };
        let bytes = encode(&KEY, "", 0, &empty);
        assert_eq!(decode(&bytes, &KEY, "", 0).unwrap(), empty);
    }

    #[test]
    fn cover_rows_keep_their_span_only() {
        let cover = vec![0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 3.0, -0.0, 0.0, 0.0, 0.0];
        let one = |cover: Vec<f32>| ReplicateRun {
            series: MetricSeries::default(),
            snapshots: vec![Snapshot {
                year: 1,
                land_cover: Grid::filled(4, 3, 1),
                spartina_cover: Some(Grid::from_vec(4, 3, cover).unwrap()),
            }],
        };
        let original = one(cover.clone());
        let bytes = encode(&KEY, "s", 0, &original);
        let dense = encode(&KEY, "s", 0, &one(vec![1.0; 12]));
        assert_eq!(
            dense.len() - bytes.len(),
            4 * (12 - 4),
            "three values and -0.0 kept"
        );
        assert_eq!(
            bits(&decode(&bytes, &KEY, "s", 0).unwrap()),
            bits(&original)
        );
        // The empty first row's span 4..4 made 4..5 of width 4: refused, not a panic.
        let mut bad = bytes[..bytes.len() - CHECKSUM].to_vec();
        let at = bad.len() - (8 + 4) - (8 + 3 * 4) - 4;
        bad[at] = 5;
        bad.extend_from_slice(&crc32fast::hash(&bad).to_le_bytes());
        let err = decode(&bad, &KEY, "s", 0).unwrap_err();
        assert!(err.contains("bad row span 4..5"), "{err}");
    }

    #[test]
    fn refuses_other_runs_and_damaged_files() {
        let bytes = encode(&KEY, "removal", 3, &run());
        assert!(
            decode(&bytes, &[8; HASH], "removal", 3)
                .unwrap_err()
                .contains("another run")
        );
        assert!(
            decode(&bytes, &KEY, "removal", 2)
                .unwrap_err()
                .contains("replicate 3 of removal")
        );
        assert!(decode(&bytes, &KEY, "placebo", 3).is_err());
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                decode(&bytes[..cut], &KEY, "removal", 3).is_err(),
                "cut at {cut}"
            );
        }
        for at in [3, 40, bytes.len() / 2, bytes.len() - 5] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            assert!(
                decode(&damaged, &KEY, "removal", 3).is_err(),
                "flipped byte {at}"
            );
        }
    }
}
