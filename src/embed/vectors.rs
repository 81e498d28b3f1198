//! Segment vectors for a whole run, kept out of RAM: each distinct text's vector is written
//! once, as f16, to an unnamed file beside the outputs and read back through a memory map, so
//! a million comments cost disk pages the OS can drop rather than resident memory.
//!
//! Pages read in a sweep are handed back to the OS after each block ([`Vectors::block`]), so
//! resident memory stays one block whatever the run's size. f16 keeps about three significant
//! digits: cosine similarities move by ~1e-4, which the themes evaluation measures.

use crate::error::{Error, ErrorKind, Result};
use half::f16;
use memmap2::Mmap;
use ndarray::Array2;
use std::fs::File;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Bytes per stored value.
const BYTES: usize = 2;

/// Where the rows live.
enum Storage {
    /// f32 rows in memory (small inputs, tests).
    Memory(Vec<f32>),
    /// f16 rows in a memory-mapped file; `None` when there are no rows (nothing to map).
    Mapped(Option<Mmap>),
}

/// One L2-normalised vector per segment. Segments with the same text share a stored row.
#[derive(Clone)]
pub struct Vectors {
    storage: Arc<Storage>,
    dim: usize,
    /// Per segment: its stored row.
    row_of: Vec<u32>,
}

impl std::fmt::Debug for Vectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match *self.storage {
            Storage::Memory(_) => "memory",
            Storage::Mapped(_) => "mapped f16",
        };
        write!(f, "Vectors({} × {}, {kind})", self.row_of.len(), self.dim)
    }
}

impl Vectors {
    /// Vectors held in memory as given (f32), one stored row per matrix row.
    pub fn from_matrix(matrix: &Array2<f32>) -> Vectors {
        let rows = matrix.nrows() as u32;
        Vectors::in_memory(
            matrix.iter().copied().collect(),
            matrix.ncols(),
            (0..rows).collect(),
        )
    }

    /// Rows held in memory as f32 (`rows` is row-major, `dim` wide); `row_of` gives each
    /// segment's row.
    pub(crate) fn in_memory(rows: Vec<f32>, dim: usize, row_of: Vec<u32>) -> Vectors {
        Vectors {
            storage: Arc::new(Storage::Memory(rows)),
            dim,
            row_of,
        }
    }

    /// Vectors spilled to a file in `dir` as a run stores them (f16), one row per matrix row:
    /// for evaluations and tests that must see what a run sees.
    pub fn spill(matrix: &Array2<f32>, dir: &Path) -> Result<Vectors> {
        let mut writer = VectorWriter::create(dir, matrix.nrows(), matrix.ncols())?;
        for (r, row) in matrix.rows().into_iter().enumerate() {
            writer.put(r, &row.to_vec())?;
        }
        writer.finish((0..matrix.nrows() as u32).collect())
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.row_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.row_of.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vectors of some segments, in the order given, sharing this storage.
    pub fn subset(&self, segments: &[usize]) -> Vectors {
        Vectors {
            storage: Arc::clone(&self.storage),
            dim: self.dim,
            row_of: segments.iter().map(|&s| self.row_of[s]).collect(),
        }
    }

    /// Copies segment `s`'s vector into `out` (length `dim`).
    pub fn row_into(&self, s: usize, out: &mut [f32]) {
        let r = self.row_of[s] as usize;
        match &*self.storage {
            Storage::Memory(v) => out.copy_from_slice(&v[r * self.dim..(r + 1) * self.dim]),
            Storage::Mapped(map) => {
                let map = map.as_ref().expect("a row exists, so the file was mapped");
                let bytes = &map[r * self.dim * BYTES..(r + 1) * self.dim * BYTES];
                for (o, b) in out.iter_mut().zip(bytes.chunks_exact(BYTES)) {
                    *o = f16::from_le_bytes([b[0], b[1]]).to_f32();
                }
            }
        }
    }

    /// Segment `s`'s vector.
    pub fn row(&self, s: usize) -> Vec<f32> {
        let mut out = vec![0.0; self.dim];
        self.row_into(s, &mut out);
        out
    }

    /// The vectors of `segments`, one row each.
    pub fn gather(&self, segments: &[usize]) -> Array2<f32> {
        let mut out = Array2::zeros((segments.len(), self.dim));
        for (mut row, &s) in out.rows_mut().into_iter().zip(segments) {
            self.row_into(s, row.as_slice_mut().expect("a fresh array is contiguous"));
        }
        out
    }

    /// Every vector as one matrix: for runs small enough to hold (themes fit on a sample).
    pub fn to_matrix(&self) -> Array2<f32> {
        self.gather(&(0..self.len()).collect::<Vec<_>>())
    }

    /// The vectors of segments `range`; the pages read are then handed back to the OS, so a
    /// sweep over every block keeps one block resident.
    pub fn block(&self, range: Range<usize>) -> Array2<f32> {
        let segments: Vec<usize> = range.collect();
        let out = self.gather(&segments);
        if let Storage::Mapped(Some(map)) = &*self.storage {
            let rows = segments.iter().map(|&s| self.row_of[s] as usize);
            if let (Some(lo), Some(hi)) = (rows.clone().min(), rows.max()) {
                release(map, lo * self.dim * BYTES, (hi + 1) * self.dim * BYTES);
            }
        }
        out
    }

    /// Each segment's dot product with `v`, a block at a time.
    pub fn dots(&self, v: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.len());
        for start in (0..self.len()).step_by(BLOCK) {
            let block = self.block(start..(start + BLOCK).min(self.len()));
            out.extend(
                block
                    .rows()
                    .into_iter()
                    .map(|r| r.iter().zip(v).map(|(a, b)| a * b).sum::<f32>()),
            );
        }
        out
    }
}

/// Segments per block in sweeps over every vector.
pub const BLOCK: usize = 8192;

/// Drops the mapped pages of bytes `start..end` from resident memory; they are read back from
/// the file if touched again.
fn release(map: &Mmap, start: usize, end: usize) {
    let page = 4096;
    let start = start / page * page;
    let len = end.min(map.len()) - start;
    // SAFETY: the map is a read-only private mapping of a file nobody writes after mapping;
    // MADV_DONTNEED only drops clean pages, which the kernel re-reads from the file on the next
    // access, so no data is lost and no reference is invalidated. Failure is harmless.
    let _ = unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, len) };
}

/// Writes distinct rows (in any order) to an unnamed file, then maps it.
pub struct VectorWriter {
    file: File,
    dim: usize,
    rows: usize,
}

impl VectorWriter {
    /// A file for `rows` rows of `dim` values, in `dir`. The file is unlinked at once, so
    /// nothing is left behind whatever happens to the process.
    pub fn create(dir: &Path, rows: usize, dim: usize) -> Result<VectorWriter> {
        let err = |e: std::io::Error| {
            Error::new(
                ErrorKind::Output,
                format!(
                    "cannot write the embedding spill file in {}: {e}",
                    dir.display()
                ),
            )
        };
        let path = dir.join(format!(".vectors-{}.f16", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(err)?;
        std::fs::remove_file(&path).map_err(err)?;
        file.set_len((rows * dim * BYTES) as u64).map_err(err)?;
        Ok(VectorWriter { file, dim, rows })
    }

    /// Stores row `r`.
    pub fn put(&mut self, r: usize, vector: &[f32]) -> Result<()> {
        use std::os::unix::fs::FileExt;
        assert!(
            r < self.rows && vector.len() == self.dim,
            "row out of range"
        );
        let bytes: Vec<u8> = vector
            .iter()
            .flat_map(|&x| f16::from_f32(x).to_le_bytes())
            .collect();
        self.file
            .write_all_at(&bytes, (r * self.dim * BYTES) as u64)
            .map_err(|e| {
                Error::new(
                    ErrorKind::Output,
                    format!("writing the embedding spill file: {e}"),
                )
            })
    }

    /// Maps the file; `row_of` gives each segment's stored row.
    pub fn finish(self, row_of: Vec<u32>) -> Result<Vectors> {
        let map = if self.rows == 0 {
            None
        } else {
            // SAFETY: the file is unlinked and only this process holds it; it is not written
            // again once mapped.
            Some(unsafe { Mmap::map(&self.file) }.map_err(|e| {
                Error::new(
                    ErrorKind::Output,
                    format!("mapping the embedding spill file: {e}"),
                )
            })?)
        };
        Ok(Vectors {
            storage: Arc::new(Storage::Mapped(map)),
            dim: self.dim,
            row_of,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_rows_read_back_within_f16_precision_and_shared_rows_repeat() {
        let dir = tempfile::tempdir().unwrap();
        let stored = [[0.6f32, 0.8, 0.0], [0.0, -0.28, 0.96]];
        let mut writer = VectorWriter::create(dir.path(), 2, 3).unwrap();
        // Rows arrive in any order.
        writer.put(1, &stored[1]).unwrap();
        writer.put(0, &stored[0]).unwrap();
        let vectors = writer.finish(vec![0, 1, 0]).unwrap();
        // Nothing is left in the folder, even while mapped.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(vectors.len(), 3);
        for (s, r) in [(0, 0), (1, 1), (2, 0)] {
            for (a, b) in vectors.row(s).iter().zip(&stored[r]) {
                assert!((a - b).abs() < 1e-3, "{a} vs {b}");
            }
        }
        let block = vectors.block(1..3);
        assert_eq!(block.nrows(), 2);
        assert_eq!(block.row(1).to_vec(), vectors.row(0));
        let dots = vectors.dots(&[1.0, 0.0, 0.0]);
        assert!((dots[0] - 0.6).abs() < 1e-3 && dots[1].abs() < 1e-6);
        let sub = vectors.subset(&[2, 1]);
        assert_eq!(sub.row(0), vectors.row(0));
        assert_eq!(sub.row(1), vectors.row(1));
    }

    #[test]
    fn an_empty_spill_maps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let vectors = VectorWriter::create(dir.path(), 0, 384)
            .unwrap()
            .finish(Vec::new())
            .unwrap();
        assert!(vectors.is_empty());
        assert_eq!(vectors.to_matrix().dim(), (0, 384));
    }

    #[test]
    fn memory_vectors_are_exact() {
        let m = ndarray::array![[1.0f32, 0.0], [0.0, 1.0]];
        let v = Vectors::from_matrix(&m);
        assert_eq!(v.to_matrix(), m);
    }
}
