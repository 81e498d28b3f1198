//! Tests of `embed/cache.rs`.

use super::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NS: &str = "00ab12";
/// Set in the child process of `kill9_mid_write_then_rerun`: the cache root to write into.
const CHILD_ENV: &str = "VERBATIM_EMBED_CACHE_TEST_CHILD_ROOT";

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic entry whose floats are arbitrary bit patterns (NaN payloads, -0.0,
/// subnormals, infinities), so the tests check bits, not just values.
fn entry(seed: u64, dim: usize) -> Entry {
    let float = |i: u64| f32::from_bits(mix(seed.wrapping_mul(1_000_003) ^ i) as u32);
    Entry {
        vector: (0..dim as u64).map(float).collect(),
        logits: (!seed.is_multiple_of(3)).then(|| [float(1 << 40), float(1 << 41), float(1 << 42)]),
        tokens: (seed % 512) as u32,
        truncated: seed.is_multiple_of(2),
    }
}

type Bits = (Vec<u32>, Option<[u32; 3]>, u32, bool);

fn bits(e: &Entry) -> Bits {
    (
        e.vector.iter().map(|x| x.to_bits()).collect(),
        e.logits.map(|l| l.map(f32::to_bits)),
        e.tokens,
        e.truncated,
    )
}

#[track_caller]
fn assert_same(got: Option<Entry>, want: &Entry) {
    assert_eq!(bits(&got.expect("entry missing")), bits(want));
}

fn text(i: u64) -> String {
    format!("segment number {i}")
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes entries `seed_of(i)` under the keys of `text(i)`, finishes, returns the pack.
fn write_all(
    cache: &Cache,
    keys: impl Iterator<Item = u64>,
    dim: usize,
    seed_of: impl Fn(u64) -> u64,
) -> PathBuf {
    let mut writer = cache.writer().unwrap();
    let path = writer.path.clone();
    for i in keys {
        writer
            .put(&cache.key(&text(i)), &entry(seed_of(i), dim))
            .unwrap();
    }
    writer.finish().unwrap();
    path
}

/// (start, end) of each record of an intact pack, parsed from the length fields.
fn spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut at = HEADER_LEN;
    let mut out = Vec::new();
    while at < bytes.len() {
        let end = at + HEAD_LEN + u32_at(bytes, at + KEY_LEN) as usize + SUM_LEN;
        out.push((at, end));
        at = end;
    }
    assert_eq!(at, bytes.len());
    out
}

#[track_caller]
fn assert_disk_full(err: &Error, path: &Path) {
    let message = err.to_string();
    assert_eq!(err.kind(), ErrorKind::Io, "{message}");
    assert!(message.starts_with("embedding cache: "), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("No space left"), "{message}");
}

#[test]
fn key_is_sha256_of_namespace_zero_text() {
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    let want: Key = Sha256::digest(b"00ab12\0hello").into();
    assert_eq!(cache.key("hello"), want);
    let other = Cache::open(root.path(), "00ab13").unwrap();
    assert_ne!(other.key("hello"), want);
    for bad in ["", "../etc", "00ab/12", "xyz"] {
        let err = Cache::open(root.path(), bad).err().expect(bad);
        assert_eq!(err.kind(), ErrorKind::Config);
    }
}

#[test]
fn round_trip_is_bit_exact() {
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    assert!(cache.is_empty());
    let pack = write_all(&cache, 0..1000, 384, |i| i);
    let cache = Cache::open(root.path(), NS).unwrap();
    assert_eq!(cache.len(), 1000);
    for i in 0..1000 {
        assert_same(cache.get(&cache.key(&text(i))).unwrap(), &entry(i, 384));
    }
    assert_eq!(cache.get(&cache.key("never written")).unwrap(), None);
    // The entries cover all flag combinations, and no text reaches the disk.
    let flags: std::collections::HashSet<_> = (0..1000)
        .map(|i| {
            let e = entry(i, 0);
            (e.truncated, e.logits.is_some())
        })
        .collect();
    assert_eq!(flags.len(), 4);
    let bytes = fs::read(pack).unwrap();
    assert!(!bytes.windows(14).any(|w| w == b"segment number"));
}

/// kill -9 mid-write leaves a pack cut anywhere: every complete record before the cut is
/// read back, nothing after it, and open never fails.
#[test]
fn torn_tail_at_every_byte() {
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    let dim = 8;
    let n = 20;
    let pack = write_all(&cache, 0..n, dim, |i| i);
    let bytes = fs::read(&pack).unwrap();
    // Record ends computed from the entries, independently of the reader.
    let mut ends = Vec::new();
    let mut end = HEADER_LEN;
    for i in 0..n {
        let logits = if entry(i, dim).logits.is_some() {
            12
        } else {
            0
        };
        end += HEAD_LEN + FIXED_PAYLOAD + 4 * dim + logits + SUM_LEN;
        ends.push(end);
    }
    assert_eq!(end, bytes.len());
    for cut in 0..=bytes.len() {
        fs::write(&pack, &bytes[..cut]).unwrap();
        let torn = Cache::open(root.path(), NS).unwrap();
        let complete = ends.iter().filter(|&&e| e <= cut).count() as u64;
        assert_eq!(torn.len() as u64, complete, "cut at {cut}");
        for i in 0..n {
            let got = torn.get(&torn.key(&text(i))).unwrap();
            if i < complete {
                assert_same(got, &entry(i, dim));
            } else {
                assert_eq!(got, None, "cut at {cut}, record {i}");
            }
        }
    }
    // A crash can also leave zeros or junk after the last record.
    for tail in [vec![0u8; 4096], (0..4096).map(|i| mix(i) as u8).collect()] {
        let mut damaged = bytes.clone();
        damaged.extend_from_slice(&tail);
        fs::write(&pack, &damaged).unwrap();
        assert_eq!(Cache::open(root.path(), NS).unwrap().len() as u64, n);
    }
}

#[test]
fn damaged_records_are_never_read() {
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    let dim = 16;
    let first = write_all(&cache, 0..10, dim, |i| i);
    let second = write_all(&cache, 10..20, dim, |i| i);
    let original = fs::read(&first).unwrap();
    let at = spans(&original);
    let check = |expect_first: &[u64]| {
        let reopened = Cache::open(root.path(), NS).unwrap();
        assert_eq!(reopened.len(), expect_first.len() + 10);
        for i in 0..20 {
            let got = reopened.get(&reopened.key(&text(i))).unwrap();
            if i >= 10 || expect_first.contains(&i) {
                assert_same(got, &entry(i, dim));
            } else {
                assert_eq!(got, None, "record {i}");
            }
        }
    };
    // One flipped bit in record 4's vector; the pack is read up to it (the records after
    // it in that pack are dropped too: past damage, boundaries cannot be trusted).
    let mut bytes = original.clone();
    bytes[at[4].0 + HEAD_LEN + FIXED_PAYLOAD + 5] ^= 0x01;
    fs::write(&first, &bytes).unwrap();
    check(&[0, 1, 2, 3]);
    // An absurd length field, and a plausible but wrong one.
    for len in [
        u32::MAX - 7,
        (at[4].1 - at[4].0 - HEAD_LEN - SUM_LEN + 12) as u32,
    ] {
        let mut bytes = original.clone();
        bytes[at[4].0 + KEY_LEN..at[4].0 + HEAD_LEN].copy_from_slice(&len.to_le_bytes());
        fs::write(&first, &bytes).unwrap();
        check(&[0, 1, 2, 3]);
    }
    // A damaged key or checksum.
    for offset in [at[9].0, at[9].1 - 1] {
        let mut bytes = original.clone();
        bytes[offset] ^= 0x80;
        fs::write(&first, &bytes).unwrap();
        check(&[0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
    // A record whose checksum verifies but whose fields disagree with its length.
    let mut bytes = original.clone();
    let mut record = bytes[at[9].0..at[9].1 - SUM_LEN].to_vec();
    record[HEAD_LEN] ^= 1; // dim
    let sum = checksum(&record[..HEAD_LEN], &record[HEAD_LEN..]);
    bytes[at[9].0..at[9].1].copy_from_slice(&[&record[..], &sum].concat());
    fs::write(&first, &bytes).unwrap();
    check(&[0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // A bad header hides the whole pack.
    let mut bytes = original.clone();
    bytes[8] = 9;
    fs::write(&first, &bytes).unwrap();
    check(&[]);

    // Damage after open: each read re-verifies.
    fs::write(&first, &original).unwrap();
    let cache = Cache::open(root.path(), NS).unwrap();
    assert_eq!(cache.len(), 20);
    let mut bytes = original.clone();
    bytes[at[7].0 + HEAD_LEN + FIXED_PAYLOAD + 2] ^= 0x10;
    fs::write(&first, &bytes).unwrap();
    assert_eq!(cache.get(&cache.key(&text(7))).unwrap(), None);
    assert_same(cache.get(&cache.key(&text(6))).unwrap(), &entry(6, dim));
    // A pack that shrank after open.
    fs::write(&first, &original[..at[3].1 + 5]).unwrap();
    for i in 0..10 {
        let got = cache.get(&cache.key(&text(i))).unwrap();
        if i < 4 {
            assert_same(got, &entry(i, dim));
        } else {
            assert_eq!(got, None, "record {i}");
        }
    }
    assert_same(cache.get(&cache.key(&text(15))).unwrap(), &entry(15, dim));
    assert!(second.exists());
}

#[test]
fn unrelated_files_are_ignored_and_kept() {
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    write_all(&cache, 0..5, 4, |i| i);
    let dir = root.path().join(NS);
    let others = [
        dir.join("notes.txt"),
        dir.join("pack-1.vbc.tmp"),
        dir.join("pack-00000000000000000000-1-0.vbc"),
    ];
    for other in &others {
        fs::write(other, b"VBEMBC\0\0\x01\0\0\0 not a record").unwrap();
    }
    fs::write(&others[2], b"other format").unwrap();
    fs::create_dir(dir.join("pack-dir.vbc")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/full", dir.join("pack-dev.vbc")).unwrap();
        // A FIFO must be skipped, not opened (which would block); mkfifo may be missing.
        let _ = Command::new("mkfifo")
            .arg(dir.join("pack-fifo.vbc"))
            .status();
    }
    let cache = Cache::open(root.path(), NS).unwrap();
    assert_eq!(cache.len(), 5);
    for other in &others {
        assert!(other.exists());
    }
    assert!(dir.join("pack-dir.vbc").is_dir());
}

/// Overlapping keys from two writers of one cache (two threads), and from two caches on
/// the same folder while readers open mid-write.
#[test]
fn concurrent_writers_and_readers() {
    let root = tempdir();
    let dim = 64;
    let other = |i: u64| i + 1_000_000;
    let cache = Cache::open(root.path(), NS).unwrap();
    let (mut a, mut b) = (cache.writer().unwrap(), cache.writer().unwrap());
    let a_first = a.path.file_name() < b.path.file_name();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..600 {
                a.put(&cache.key(&text(i)), &entry(i, dim)).unwrap();
            }
        });
        s.spawn(|| {
            for i in 300..900 {
                b.put(&cache.key(&text(i)), &entry(other(i), dim)).unwrap();
            }
        });
    });
    a.finish().unwrap();
    b.finish().unwrap();
    let union = Cache::open(root.path(), NS).unwrap();
    assert_eq!(union.len(), 900);
    for i in 0..900 {
        let from_a = i < 300 || (i < 600 && a_first);
        let want = entry(if from_a { i } else { other(i) }, dim);
        assert_same(union.get(&union.key(&text(i))).unwrap(), &want);
    }

    // Two caches, a fresh namespace; a third opens over and over while they write.
    let ns = "00ab13";
    let dim = 384;
    let valid = |c: &Cache, i: u64| match c.get(&c.key(&text(i))).unwrap() {
        None => false,
        Some(e) => {
            let got = bits(&e);
            assert!(got == bits(&entry(i, dim)) || got == bits(&entry(other(i), dim)));
            true
        }
    };
    let done = AtomicU64::new(0);
    let mut partial_views = 0;
    let mut packs = Vec::new();
    std::thread::scope(|s| {
        let writers: Vec<_> = [(0..3000, 0), (1500..4500, 1_000_000)]
            .into_iter()
            .map(|(range, shift)| {
                let (root, done) = (root.path(), &done);
                s.spawn(move || {
                    let cache = Cache::open(root, ns).unwrap();
                    let path = write_all(&cache, range, dim, |i| i + shift);
                    done.fetch_add(1, Ordering::SeqCst);
                    path
                })
            })
            .collect();
        while done.load(Ordering::SeqCst) < 2 {
            let reader = Cache::open(root.path(), ns).unwrap();
            let seen = (0..4500).filter(|&i| valid(&reader, i)).count();
            assert_eq!(seen, reader.len());
            partial_views += usize::from(seen > 0 && seen < 4500);
        }
        packs = writers.into_iter().map(|w| w.join().unwrap()).collect();
    });
    eprintln!("concurrent: {partial_views} reader opens saw a partial cache");
    let union = Cache::open(root.path(), ns).unwrap();
    assert_eq!(union.len(), 4500);
    let first_first = packs[0].file_name() < packs[1].file_name();
    for i in 0..4500 {
        let from_first = i < 1500 || (i < 3000 && first_first);
        let want = entry(if from_first { i } else { other(i) }, dim);
        assert_same(union.get(&union.key(&text(i))).unwrap(), &want);
    }

    // Deterministically mid-write: 100 records overflow the write buffer, unfinished.
    let ns = "00ab14";
    let cache = Cache::open(root.path(), ns).unwrap();
    let mut writer = cache.writer().unwrap();
    for i in 0..100 {
        writer.put(&cache.key(&text(i)), &entry(i, dim)).unwrap();
    }
    let reader = Cache::open(root.path(), ns).unwrap();
    assert!(!reader.is_empty() && reader.len() < 100, "{}", reader.len());
    assert_eq!(
        (0..100).filter(|&i| valid(&reader, i)).count(),
        reader.len()
    );
    writer.finish().unwrap();
    assert_eq!(
        (0..100).filter(|&i| valid(&reader, i)).count(),
        reader.len()
    );
    let reader = Cache::open(root.path(), ns).unwrap();
    assert_eq!((0..100).filter(|&i| valid(&reader, i)).count(), 100);
}

/// A real ENOSPC from the kernel's always-full device, through the same put/finish code.
#[cfg(target_os = "linux")]
#[test]
fn disk_full_through_dev_full() {
    let path = PathBuf::from("/dev/full");
    let open = || OpenOptions::new().write(true).open(&path).unwrap();
    let mut writer = Writer::create(path.clone(), open()).unwrap();
    let failed = (0..1000).find_map(|i| {
        let e = writer.put(&[i as u8; 32], &entry(i, 384)).err()?;
        Some((i, e))
    });
    let (i, err) = failed.expect("writes to /dev/full must fail");
    assert!(i > 0, "the first records fit the write buffer");
    assert_disk_full(&err, &path);
    let again = writer.put(&[0; 32], &entry(0, 384)).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Io);
    assert!(again.to_string().contains("earlier write error"), "{again}");
    assert!(writer.finish().is_err());
    // A batch small enough that the first write happens in finish().
    let mut writer = Writer::create(path.clone(), open()).unwrap();
    writer.put(&[1; 32], &entry(1, 384)).unwrap();
    assert_disk_full(&writer.finish().unwrap_err(), &path);
}

/// A real full file system (64 KiB tmpfs): the error names the pack, and a reopen reads
/// back only whole, verified entries. Needs root to mount; skipped otherwise.
#[cfg(target_os = "linux")]
#[test]
fn disk_full_on_tiny_tmpfs() {
    let root = tempdir();
    let mnt = root.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("note: disk_full_on_tiny_tmpfs skipped: cannot mount a tmpfs (needs root)");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let cache = Cache::open(&mnt, NS).unwrap();
    let mut writer = cache.writer().unwrap();
    let path = writer.path.clone();
    let mut puts = 0;
    let err = loop {
        assert!(puts < 1000, "a 64 KiB file system must fill up");
        match writer.put(&cache.key(&text(puts)), &entry(puts, 384)) {
            Ok(()) => puts += 1,
            Err(e) => break e,
        }
    };
    assert_disk_full(&err, &path);
    assert!(writer.finish().is_err());
    let reopened = Cache::open(&mnt, NS).unwrap();
    let valid = (0..=puts)
        .filter(|&i| match reopened.get(&reopened.key(&text(i))).unwrap() {
            Some(e) => {
                assert_eq!(bits(&e), bits(&entry(i, 384)), "record {i}");
                true
            }
            None => false,
        })
        .count();
    assert!(valid > 0 && valid == reopened.len(), "{valid}");
    eprintln!("tmpfs: {puts} puts accepted, {valid} entries readable after ENOSPC");
}

/// Runs only as the child of `kill9_mid_write_then_rerun`: writes until killed.
#[test]
fn kill9_child_writer() {
    let Some(root) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let cache = Cache::open(Path::new(&root), NS).unwrap();
    let mut writer = cache.writer().unwrap();
    let start = Instant::now();
    for i in 0..200_000 {
        writer.put(&cache.key(&text(i)), &entry(i, 384)).unwrap();
        if start.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    writer.finish().unwrap();
}

/// A real kill -9 of a process mid-way through a large batch, then a re-run.
#[test]
fn kill9_mid_write_then_rerun() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    struct Reap(Child);
    impl Drop for Reap {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let root = tempdir();
    let module = module_path!();
    let module = module.split_once("::").map_or(module, |(_, rest)| rest);
    let test = format!("{module}::kill9_child_writer");
    let child = Command::new(std::env::current_exe().unwrap())
        .args([test.as_str(), "--exact", "--test-threads=1"])
        .env(CHILD_ENV, root.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Reap(child);
    let dir = root.path().join(NS);
    let start = Instant::now();
    loop {
        assert!(child.0.try_wait().unwrap().is_none(), "child ended early");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "child wrote too little"
        );
        let size = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>();
        if size > 4 << 20 {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.0.kill().unwrap(); // SIGKILL on Unix
    child.0.wait().unwrap();
    let cache = Cache::open(root.path(), NS).unwrap();
    let survived = cache.len() as u64;
    assert!(survived > 0);
    let valid_bytes: u64 = (0..survived)
        .map(|i| {
            (HEAD_LEN + 9 + 4 * 384 + 12 * usize::from(entry(i, 0).logits.is_some()) + SUM_LEN)
                as u64
        })
        .sum::<u64>()
        + HEADER_LEN as u64;
    let size = fs::metadata(&cache.packs[0].path).unwrap().len();
    eprintln!(
        "kill -9: {survived} entries survived, {} bytes of torn tail ignored",
        size - valid_bytes
    );
    for i in 0..survived {
        assert_same(cache.get(&cache.key(&text(i))).unwrap(), &entry(i, 384));
    }
    for i in survived..survived + 1000 {
        assert_eq!(cache.get(&cache.key(&text(i))).unwrap(), None);
    }
    // The re-run: embed what is missing, and everything is there, bit-exact.
    let total = survived + 2000;
    let mut writer = cache.writer().unwrap();
    for i in 0..total {
        let key = cache.key(&text(i));
        if cache.get(&key).unwrap().is_none() {
            writer.put(&key, &entry(i, 384)).unwrap();
        }
    }
    writer.finish().unwrap();
    let rerun = Cache::open(root.path(), NS).unwrap();
    assert_eq!(rerun.len() as u64, total);
    for i in 0..total {
        assert_same(rerun.get(&rerun.key(&text(i))).unwrap(), &entry(i, 384));
    }
}

fn rss_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// `cargo test --release -- --ignored measure_million --nocapture`
#[test]
#[ignore]
fn measure_million() {
    let n: u64 = std::env::var("VBC_N").map_or(1_000_000, |v| v.parse().unwrap());
    let dim = 384;
    let root = tempdir();
    let cache = Cache::open(root.path(), NS).unwrap();
    let keys: Vec<Key> = (0..n).map(|i| cache.key(&text(i))).collect();
    let start = Instant::now();
    let mut writer = cache.writer().unwrap();
    let path = writer.path.clone();
    for (i, key) in keys.iter().enumerate() {
        writer.put(key, &entry(i as u64, dim)).unwrap();
    }
    writer.finish().unwrap();
    let written = start.elapsed();
    let size = fs::metadata(&path).unwrap().len();
    eprintln!("write {n} x {dim}: {written:?} ({} MB)", size >> 20);

    let before = rss_kib();
    let start = Instant::now();
    let cache = Cache::open(root.path(), NS).unwrap();
    let opened = start.elapsed();
    let after = rss_kib();
    assert_eq!(cache.len() as u64, n);
    let index = cache.index.capacity() * std::mem::size_of::<Slot>();
    let buckets = (n as usize * 8 / 7).next_power_of_two();
    let hashmap = buckets * (32 + 16 + 1);
    eprintln!(
        "open (page cache warm): {opened:?}; index {} MB; RSS {} -> {} MB; \
         a HashMap<Key, (u32, u64, u32)> would take ~{} MB",
        index >> 20,
        before >> 10,
        after >> 10,
        hashmap >> 20
    );

    let probes: Vec<usize> = (0..200_000).map(|i| (mix(i) % n) as usize).collect();
    let start = Instant::now();
    for &p in &probes {
        assert!(cache.get(&keys[p]).unwrap().is_some());
    }
    let took = start.elapsed();
    eprintln!(
        "get: {} random hits in {took:?} ({:.0}/s, {:.2} us each)",
        probes.len(),
        probes.len() as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / probes.len() as f64
    );
    let start = Instant::now();
    let hits = probes
        .iter()
        .filter(|&&p| {
            let prefix: [u8; PREFIX_LEN] = keys[p][..PREFIX_LEN].try_into().unwrap();
            cache
                .index
                .binary_search_by(|s| s.prefix.cmp(&prefix))
                .is_ok()
        })
        .count();
    assert_eq!(hits, probes.len());
    eprintln!("of which index lookup alone: {:?}", start.elapsed());
    let start = Instant::now();
    let found = (0..n).filter(|&i| cache.get(&keys[i as usize]).unwrap().is_some());
    let found = found.count();
    eprintln!("get: all {found} in key order in {:?}", start.elapsed());
}
