//! On-disk embedding cache, keyed by content, so a re-run skips the encoder for texts it has
//! already embedded.
//!
//! Layout: `<root>/<namespace>/pack-<nanos:020>-<pid>-<random hex>.vbc`. Every [`Writer`]
//! appends to a pack file of its own (created with `create_new`), so concurrent runs never
//! write the same file and need no locks. Packs are only ever appended to and never rewritten.
//!
//! A pack is a 12-byte header (`VBEMBC\0\0`, format version u32 LE) followed by records:
//!
//! ```text
//! key [32] | len u32 LE | payload [len] | checksum [8]
//! payload  = dim u32 LE | tokens u32 LE | flags u8 (bit0 truncated, bit1 has logits)
//!            | dim × f32 LE | 3 × f32 LE when bit1 is set
//! checksum = first 8 bytes of sha256(key | len | payload)
//! ```
//!
//! Every record is verified when indexed and again on every read, so a record torn by
//! `kill -9` or a full disk, or bytes changed on disk, read as a miss, never as garbage. Texts
//! are never stored: keys are hashes. The in-memory index is a sorted vector of 32-byte slots
//! (about 32 MB for a million entries); vectors stay on disk and are read on demand.

use crate::error::{Error, ErrorKind, Result};
use sha2::{Digest, Sha256};
use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// One cached embedding: what the embed stage needs to skip the encoder for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub vector: Vec<f32>,
    pub logits: Option<[f32; 3]>,
    pub tokens: u32,
    pub truncated: bool,
}

/// A text's identity within a namespace (see [`Cache::key`]).
pub type Key = [u8; 32];

const MAGIC: &[u8; 8] = b"VBEMBC\0\0";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 12;
const KEY_LEN: usize = 32;
/// Key plus payload length: the part of a record read before its payload.
const HEAD_LEN: usize = KEY_LEN + 4;
const SUM_LEN: usize = 8;
/// dim, tokens and flags.
const FIXED_PAYLOAD: usize = 9;
/// Far above any sentence encoder; a larger length field can only be damage.
const MAX_DIM: usize = 1 << 16;
const MAX_PAYLOAD: usize = FIXED_PAYLOAD + 4 * MAX_DIM + 12;
const FLAG_TRUNCATED: u8 = 1;
const FLAG_LOGITS: u8 = 2;
/// Packs kept open for reads; older runs beyond this are reopened per read, so a cache folder
/// that grew many packs cannot exhaust file descriptors.
const KEEP_OPEN: usize = 256;
const WRITE_BUFFER: usize = 64 * 1024;
const READ_BUFFER: usize = 256 * 1024;
/// The key prefix the index keeps: collisions need ~2^64 entries, and a read compares the
/// full key stored in the record, so a collision could only cost a miss, never a wrong entry.
const PREFIX_LEN: usize = 16;

/// Where one indexed record lives (32 bytes, so a million entries take ~32 MB).
#[derive(Clone, Copy)]
struct Slot {
    prefix: [u8; PREFIX_LEN],
    offset: u64,
    pack: u32,
    len: u32,
}

struct Pack {
    path: PathBuf,
    /// `None` past [`KEEP_OPEN`]: opened per read.
    file: Option<File>,
}

/// The entries of one namespace, indexed at open; writes go through [`Writer`]s.
pub struct Cache {
    dir: PathBuf,
    namespace: String,
    packs: Vec<Pack>,
    /// Sorted by key prefix, one slot per key: the earliest pack's (by name) record wins, so
    /// which copy is used does not depend on directory order.
    index: Vec<Slot>,
}

impl Cache {
    /// Opens (creating folders as needed) the namespace `namespace` (a short hex string the
    /// caller derives from model fingerprint, max_tokens and whether the sentiment head is used)
    /// under `root`, and indexes every valid entry already there.
    ///
    /// Each pack is read up to its first torn, damaged or implausible record; packs with a bad
    /// header, unreadable packs and unrelated files are skipped. Nothing is ever deleted.
    pub fn open(root: &Path, namespace: &str) -> Result<Cache> {
        if namespace.is_empty()
            || namespace.len() > 128
            || !namespace.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(Error::new(
                ErrorKind::Config,
                format!("embedding cache: namespace '{namespace}' is not a short hex string"),
            ));
        }
        let dir = root.join(namespace);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        let mut names = Vec::new();
        for item in fs::read_dir(&dir).map_err(|e| io_error(&dir, e))? {
            let item = item.map_err(|e| io_error(&dir, e))?;
            if let Ok(name) = item.file_name().into_string() {
                if name.starts_with("pack-") && name.ends_with(".vbc") {
                    names.push(name);
                }
            }
        }
        // Names start with zero-padded creation nanos: name order is creation order.
        names.sort_unstable();

        let mut packs = Vec::new();
        let mut index = Vec::new();
        for name in names {
            let path = dir.join(name);
            // Only regular files: opening a FIFO would block, a device is not a pack.
            if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            let Ok(file) = File::open(&path) else {
                continue;
            };
            let Ok(pack) = u32::try_from(packs.len()) else {
                break;
            };
            let before = index.len();
            scan(&file, pack, &mut index);
            if index.len() > before {
                let file = (packs.len() < KEEP_OPEN).then_some(file);
                packs.push(Pack { path, file });
            }
        }
        index.sort_unstable_by(|a: &Slot, b: &Slot| {
            (a.prefix, a.pack, a.offset).cmp(&(b.prefix, b.pack, b.offset))
        });
        index.dedup_by(|later, kept| later.prefix == kept.prefix);
        index.shrink_to_fit();
        Ok(Cache {
            dir,
            namespace: namespace.to_owned(),
            packs,
            index,
        })
    }

    /// The key of a text within this namespace: sha256(namespace bytes, 0u8, text bytes).
    pub fn key(&self, text: &str) -> Key {
        Sha256::new()
            .chain_update(self.namespace.as_bytes())
            .chain_update([0u8])
            .chain_update(text.as_bytes())
            .finalize()
            .into()
    }

    /// The entry for a key, read from disk and checksum-verified on every read; None when
    /// absent or when the bytes on disk no longer verify (a pack that shrank or changed).
    /// Errors only on real read failures (not end of file), so a broken disk is reported.
    pub fn get(&self, key: &Key) -> Result<Option<Entry>> {
        let mut prefix = [0u8; PREFIX_LEN];
        prefix.copy_from_slice(&key[..PREFIX_LEN]);
        let Ok(at) = self.index.binary_search_by(|s| s.prefix.cmp(&prefix)) else {
            return Ok(None);
        };
        let slot = self.index[at];
        let pack = &self.packs[slot.pack as usize];
        let reopened;
        let file = match &pack.file {
            Some(file) => file,
            None => match File::open(&pack.path) {
                Ok(file) => {
                    reopened = file;
                    &reopened
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(io_error(&pack.path, e)),
            },
        };
        let mut record = vec![0u8; HEAD_LEN + slot.len as usize + SUM_LEN];
        match read_at(file, &mut record, slot.offset) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(io_error(&pack.path, e)),
        }
        let (head, rest) = record.split_at(HEAD_LEN);
        if head[..KEY_LEN] != key[..] || u32_at(head, KEY_LEN) != slot.len {
            return Ok(None);
        }
        let (payload, sum) = rest.split_at(slot.len as usize);
        if checksum(head, payload) != sum {
            return Ok(None);
        }
        Ok(decode(payload))
    }

    /// Number of distinct keys indexed at open.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Starts a writer that appends new entries to a pack file of its own.
    pub fn writer(&self) -> Result<Writer> {
        let mut tries = 0;
        loop {
            let path = self.dir.join(pack_name());
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Writer::create(path, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 8 => tries += 1,
                Err(e) => return Err(io_error(&path, e)),
            }
        }
    }
}

/// Appends entries to one pack. Entries become visible to caches opened later; a writer
/// dropped without [`Writer::finish`] flushes best-effort (errors ignored) and skips the fsync.
pub struct Writer {
    out: BufWriter<File>,
    path: PathBuf,
    record: Vec<u8>,
    /// Set by a failed write: later puts fail at once rather than append behind a torn record.
    broken: bool,
}

impl Writer {
    /// A writer over an already created file (kept separate so a test can aim it at
    /// `/dev/full`).
    fn create(path: PathBuf, file: File) -> Result<Writer> {
        let mut writer = Writer {
            out: BufWriter::with_capacity(WRITE_BUFFER, file),
            path,
            record: Vec::new(),
            broken: false,
        };
        let mut header = [0u8; HEADER_LEN];
        header[..8].copy_from_slice(MAGIC);
        header[8..].copy_from_slice(&VERSION.to_le_bytes());
        writer.write(&header)?;
        Ok(writer)
    }

    /// Appends one whole record. An error (e.g. a full disk) leaves at most a torn record that
    /// readers ignore, and makes this writer refuse further puts.
    pub fn put(&mut self, key: &Key, entry: &Entry) -> Result<()> {
        let dim = entry.vector.len();
        if dim > MAX_DIM {
            return Err(Error::new(
                ErrorKind::Io,
                format!("embedding cache: a vector of {dim} dimensions is too large to cache"),
            ));
        }
        let len = FIXED_PAYLOAD + 4 * dim + if entry.logits.is_some() { 12 } else { 0 };
        let mut record = std::mem::take(&mut self.record);
        record.clear();
        record.extend_from_slice(key);
        record.extend_from_slice(&(len as u32).to_le_bytes());
        record.extend_from_slice(&(dim as u32).to_le_bytes());
        record.extend_from_slice(&entry.tokens.to_le_bytes());
        let mut flags = 0;
        if entry.truncated {
            flags |= FLAG_TRUNCATED;
        }
        if entry.logits.is_some() {
            flags |= FLAG_LOGITS;
        }
        record.push(flags);
        for x in entry.vector.iter().chain(entry.logits.iter().flatten()) {
            record.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        let (head, payload) = record.split_at(HEAD_LEN);
        let sum = checksum(head, payload);
        record.extend_from_slice(&sum);
        let written = self.write(&record);
        self.record = record;
        written
    }

    /// Flushes and fsyncs; entries put before a crash may or may not survive, but a partial
    /// one is never read back.
    pub fn finish(mut self) -> Result<()> {
        if self.broken {
            return Err(self.broken_error());
        }
        self.out.flush().map_err(|e| io_error(&self.path, e))?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| io_error(&self.path, e))?;
        // Best-effort: makes the new pack's directory entry durable too; some file systems
        // cannot fsync a directory, and losing a cache pack is harmless.
        if let Some(dir) = self.path.parent() {
            if let Ok(dir) = File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.broken {
            return Err(self.broken_error());
        }
        self.out.write_all(bytes).map_err(|e| {
            self.broken = true;
            io_error(&self.path, e)
        })
    }

    fn broken_error(&self) -> Error {
        Error::new(
            ErrorKind::Io,
            format!(
                "embedding cache: {}: not written after an earlier write error",
                self.path.display()
            ),
        )
    }
}

/// Indexes the valid records of one pack, stopping at the first one that is torn, damaged or
/// implausible: past it, record boundaries cannot be trusted.
fn scan(file: &File, pack: u32, index: &mut Vec<Slot>) {
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    let mut header = [0u8; HEADER_LEN];
    if reader.read_exact(&mut header).is_err()
        || &header[..8] != MAGIC
        || u32_at(&header, 8) != VERSION
    {
        return;
    }
    let mut offset = HEADER_LEN as u64;
    let mut head = [0u8; HEAD_LEN];
    let mut rest = Vec::new();
    loop {
        if reader.read_exact(&mut head).is_err() {
            return;
        }
        let len = u32_at(&head, KEY_LEN) as usize;
        if !(FIXED_PAYLOAD..=MAX_PAYLOAD).contains(&len) {
            return;
        }
        rest.resize(len + SUM_LEN, 0);
        if reader.read_exact(&mut rest).is_err() {
            return;
        }
        let (payload, sum) = rest.split_at(len);
        if checksum(&head, payload) != sum || shape(payload).is_none() {
            return;
        }
        let mut prefix = [0u8; PREFIX_LEN];
        prefix.copy_from_slice(&head[..PREFIX_LEN]);
        index.push(Slot {
            prefix,
            offset,
            pack,
            len: len as u32,
        });
        offset += (HEAD_LEN + len + SUM_LEN) as u64;
    }
}

fn checksum(head: &[u8], payload: &[u8]) -> [u8; SUM_LEN] {
    let digest = Sha256::new()
        .chain_update(head)
        .chain_update(payload)
        .finalize();
    let mut sum = [0u8; SUM_LEN];
    sum.copy_from_slice(&digest[..SUM_LEN]);
    sum
}

/// Dimension and flags of a payload whose length matches what its fields announce.
fn shape(payload: &[u8]) -> Option<(usize, u8)> {
    if payload.len() < FIXED_PAYLOAD {
        return None;
    }
    let dim = u32_at(payload, 0) as usize;
    let flags = payload[8];
    if flags & !(FLAG_TRUNCATED | FLAG_LOGITS) != 0 || dim > MAX_DIM {
        return None;
    }
    let logits = if flags & FLAG_LOGITS != 0 { 12 } else { 0 };
    (payload.len() == FIXED_PAYLOAD + 4 * dim + logits).then_some((dim, flags))
}

fn decode(payload: &[u8]) -> Option<Entry> {
    let (dim, flags) = shape(payload)?;
    let floats: Vec<f32> = payload[FIXED_PAYLOAD..]
        .chunks_exact(4)
        .map(|b| f32::from_bits(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        .collect();
    let logits =
        (flags & FLAG_LOGITS != 0).then(|| [floats[dim], floats[dim + 1], floats[dim + 2]]);
    let mut vector = floats;
    vector.truncate(dim);
    Some(Entry {
        vector,
        logits,
        tokens: u32_at(payload, 4),
        truncated: flags & FLAG_TRUNCATED != 0,
    })
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn io_error(path: &Path, err: io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("embedding cache: {}: {err}", path.display()),
    )
}

/// A fresh pack name: creation nanos first (so name order is age order), then pid and a
/// random part so two writers never pick the same name.
fn pack_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let pid = std::process::id();
    let mut random = RandomState::new().build_hasher();
    random.write_u128(nanos);
    random.write_u32(pid);
    random.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("pack-{nanos:020}-{pid}-{:016x}.vbc", random.finish())
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
