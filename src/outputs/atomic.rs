//! Atomic output folders: everything is written into a hidden sibling folder, which replaces
//! the target only once every file is complete. A failed run leaves the previous outputs (or
//! nothing) — never a half-written folder.
//!
//! Only what Verbatim wrote is ever replaced: each output folder carries a [`MARKER`] file
//! listing the files Verbatim put there, and an existing target is replaced only when it is
//! empty or holds nothing but those files. Any other folder (a project folder, the working
//! directory, last run's folder with a user's notes added) is refused before any work starts.
//!
//! A folder that cannot be swapped as a whole (a mount point: renaming it fails with EBUSY)
//! is written file by file instead: the staging folder goes inside it, and each finished file
//! is renamed over its old copy, so every file is still whole at every moment. Which way is
//! decided when the staging folder is made, before any analysis.

use crate::error::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};

/// The file in every output folder that lists the files Verbatim wrote there.
pub const MARKER: &str = ".verbatim-output";

/// Fails unless `target` is absent, an empty folder, or a folder holding only files an earlier
/// run listed in its [`MARKER`]. The message counts the other files but never names them (a
/// file name can name a person).
pub fn check_replaceable(target: &Path) -> Result<()> {
    let refuse = |why: String| {
        Err(Error::new(
            ErrorKind::Output,
            format!(
                "{}: {why}; Verbatim only replaces output folders it wrote itself. Choose a new \
                 or empty folder for --out, or move those files away yourself",
                target.display()
            ),
        ))
    };
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(ErrorKind::Output, target, e)),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return refuse("is not a folder".to_owned());
    }
    let listed: Vec<String> = std::fs::read_to_string(target.join(MARKER))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut foreign = 0usize;
    for entry in std::fs::read_dir(target).map_err(|e| Error::io(ErrorKind::Output, target, e))? {
        let entry = entry.map_err(|e| Error::io(ErrorKind::Output, target, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let staging = name.starts_with(IN_PLACE_PREFIX);
        if !staging && !(is_file && (name == MARKER || listed.contains(&name))) {
            foreign += 1;
        }
    }
    match foreign {
        0 => Ok(()),
        1 => refuse("holds 1 file or folder Verbatim did not write".to_owned()),
        n => refuse(format!("holds {n} files or folders Verbatim did not write")),
    }
}

/// Fails when `out` is one of `inputs`, or already exists and `overwrite` is not set: a
/// single output file (a redacted copy, a review sheet that may hold a coder's work) never
/// replaces a file by accident.
pub fn check_new_file(out: &Path, inputs: &[&Path], overwrite: bool) -> Result<()> {
    let same = |input: &&Path| match (std::fs::canonicalize(out), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let refuse = |why: &str| {
        Err(Error::new(
            ErrorKind::Output,
            format!("{}: {why}", out.display()),
        ))
    };
    if inputs.iter().any(same) {
        return refuse("is the input file; write the output to another file");
    }
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(ErrorKind::Output, out, e)),
        Ok(meta) if meta.is_dir() => refuse("is a folder; --out names a file"),
        Ok(_) if overwrite => Ok(()),
        Ok(_) => refuse(
            "already exists and Verbatim does not replace files unasked; choose another name, \
             or pass --overwrite to replace it",
        ),
    }
}

/// Staging folders of this process not yet committed or dropped: what an interrupted run must
/// remove ([`remove_unfinished`]).
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes this process's staging folders: for a run stopped by SIGINT or SIGTERM, which ends
/// the process without running destructors.
pub fn remove_unfinished() {
    let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    for staging in unfinished.drain(..) {
        // A writer may add a file while the folder is being removed: try again.
        for _ in 0..5 {
            if std::fs::remove_dir_all(&staging).is_ok() || !staging.exists() {
                break;
            }
        }
    }
}

fn set_unfinished(staging: &Path, unfinished: bool) {
    let mut list = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    list.retain(|p| p != staging);
    if unfinished {
        list.push(staging.to_path_buf());
    }
}

/// The staging folder's name prefix inside a target written file by file.
const IN_PLACE_PREFIX: &str = ".verbatim.partial-";

pub struct StagingDir {
    target: PathBuf,
    staging: PathBuf,
    /// Staged inside the target, committed file by file (the target cannot be swapped).
    in_place: bool,
    done: bool,
}

impl StagingDir {
    /// Creates a fresh staging folder beside `target`, after checking that `target` may be
    /// replaced; inside it when `target` is a mount point, which cannot be swapped.
    pub fn new(target: &Path) -> Result<StagingDir> {
        check_replaceable(target)?;
        if is_mount_point(target) {
            return StagingDir::in_place(target);
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(ErrorKind::Output, &parent, e))?;
        let name = target
            .file_name()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Output,
                    format!("{}: not a folder name", target.display()),
                )
            })?
            .to_string_lossy()
            .into_owned();
        remove_stale(&parent, &format!(".{name}.partial-"));
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        StagingDir::create(target, staging, false)
    }

    /// A staging folder inside the existing folder `target`, committed file by file.
    fn in_place(target: &Path) -> Result<StagingDir> {
        remove_stale(target, IN_PLACE_PREFIX);
        let staging = target.join(format!("{IN_PLACE_PREFIX}{}", std::process::id()));
        StagingDir::create(target, staging, true)
    }

    fn create(target: &Path, staging: PathBuf, in_place: bool) -> Result<StagingDir> {
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Error::io(ErrorKind::Output, &staging, e))?;
        }
        // Listed before it exists, so an interrupt never finds it made but not listed.
        set_unfinished(&staging, true);
        std::fs::create_dir(&staging).map_err(|e| {
            set_unfinished(&staging, false);
            Error::io(ErrorKind::Output, &staging, e)
        })?;
        Ok(StagingDir {
            target: target.to_path_buf(),
            staging,
            in_place,
            done: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Lists the staged files in the marker, then swaps the staging folder into place,
    /// replacing the previous output folder (checked again: it may have changed meanwhile).
    pub fn commit(mut self) -> Result<()> {
        let out = |p: &Path, e| Error::io(ErrorKind::Output, p, e);
        let mut names: Vec<String> = std::fs::read_dir(&self.staging)
            .map_err(|e| out(&self.staging, e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != MARKER)
            .collect();
        names.sort();
        let marker = self.staging.join(MARKER);
        std::fs::write(&marker, names.join("\n") + "\n").map_err(|e| out(&marker, e))?;
        check_replaceable(&self.target)?;
        if self.in_place {
            return self.commit_in_place(&names);
        }
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| out(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(out(&self.target, e));
        }
        self.done = true;
        set_unfinished(&self.staging, false);
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| out(&old, e))?;
        }
        Ok(())
    }
}

impl StagingDir {
    /// Moves each staged file over its old copy (each rename atomic), removes the files the
    /// previous run listed that this one did not write, then writes the new list.
    fn commit_in_place(mut self, names: &[String]) -> Result<()> {
        let out = |p: &Path, e| Error::io(ErrorKind::Output, p, e);
        let previous: Vec<String> = std::fs::read_to_string(self.target.join(MARKER))
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        for name in names {
            let to = self.target.join(name);
            std::fs::rename(self.staging.join(name), &to).map_err(|e| out(&to, e))?;
        }
        for name in previous.iter().filter(|n| !names.contains(n)) {
            let gone = self.target.join(name);
            match std::fs::remove_file(&gone) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(out(&gone, e)),
                _ => {}
            }
        }
        let marker = self.target.join(MARKER);
        std::fs::rename(self.staging.join(MARKER), &marker).map_err(|e| out(&marker, e))?;
        self.done = true;
        set_unfinished(&self.staging, false);
        std::fs::remove_dir(&self.staging).map_err(|e| out(&self.staging, e))
    }
}

/// Whether `path` is an existing folder on another filesystem than its parent's: a mount
/// point, which rename cannot move.
fn is_mount_point(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Ok(parent)) = (
        std::fs::symlink_metadata(path),
        std::fs::metadata(path.join("..")),
    ) else {
        return false;
    };
    meta.is_dir() && meta.dev() != parent.dev()
}

/// Removes staging folders (`PREFIX` + PID, optionally + `.old`) that runs killed mid-way left
/// in `parent`: only folders of that exact pattern, holding only plain files, whose process
/// is gone. Best effort: a folder that cannot be removed stays.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(prefix) else {
            continue;
        };
        let Ok(pid) = rest.strip_suffix(".old").unwrap_or(rest).parse::<u32>() else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if alive || !cfg!(target_os = "linux") || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let only_files = std::fs::read_dir(entry.path()).is_ok_and(|files| {
            files
                .flatten()
                .all(|f| f.file_type().is_ok_and(|t| t.is_file()))
        });
        if only_files {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
            set_unfinished(&self.staging, false);
        }
    }
}

/// Writes one file atomically: into a hidden temporary file beside it, renamed into place
/// only when `write` succeeds.
pub fn write_file<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<T>,
) -> Result<T> {
    let out = |p: &Path, e| Error::io(ErrorKind::Output, p, e);
    let name = path
        .file_name()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Output,
                format!("{}: not a file name", path.display()),
            )
        })?
        .to_string_lossy()
        .into_owned();
    let tmp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp).map_err(|e| out(&tmp, e))?;
        let mut buf = std::io::BufWriter::new(file);
        let value = write(&mut buf)?;
        let file = buf.into_inner().map_err(|e| out(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| out(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| out(path, e))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_file_write_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.csv");
        let failed: Result<()> = write_file(&path, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::new(ErrorKind::Input, "bad row"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        write_file(&path, |w| {
            w.write_all(b"whole")
                .map_err(|e| Error::io(ErrorKind::Output, &path, e))
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "whole");
    }

    #[test]
    fn staging_folders_of_killed_runs_are_removed_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        // No process has these ids (Linux caps them far lower).
        let dead = tmp.path().join(".out.partial-999999999");
        let dead_old = tmp.path().join(".out.partial-999999998.old");
        let alive = tmp.path().join(format!(".out.partial-{}", 1));
        let nested = tmp.path().join(".out.partial-999999997");
        let other = tmp.path().join(".out.partial-notes");
        for dir in [&dead, &dead_old, &alive, &nested, &other] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("coded.csv"), "x").unwrap();
        }
        std::fs::create_dir(nested.join("mine")).unwrap();
        let staging = StagingDir::new(&target).unwrap();
        assert!(!dead.exists() && !dead_old.exists());
        assert!(alive.exists() && nested.exists() && other.exists());
        drop(staging);
    }

    #[test]
    fn replaces_previous_folder_only_on_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let first = StagingDir::new(&target).unwrap();
        std::fs::write(first.path().join("old.csv"), "old").unwrap();
        first.commit().unwrap();

        let staging = StagingDir::new(&target).unwrap();
        std::fs::write(staging.path().join("new.csv"), "new").unwrap();
        drop(staging); // a failed run: nothing changes, no staging folder left
        assert!(target.join("old.csv").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

        let staging = StagingDir::new(&target).unwrap();
        std::fs::write(staging.path().join("new.csv"), "new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("old.csv").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("new.csv")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    /// A folder that cannot be swapped (a mount point) is written file by file: the user's
    /// other files are still never touched, and the previous run's extra files go.
    #[test]
    fn a_folder_written_in_place_is_updated_file_by_file() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("mnt");
        std::fs::create_dir(&target).unwrap();
        let first = StagingDir::in_place(&target).unwrap();
        assert!(first.path().starts_with(&target));
        std::fs::write(first.path().join("coded.csv"), "run 1").unwrap();
        std::fs::write(first.path().join("extra.csv"), "run 1").unwrap();
        first.commit().unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER, "coded.csv", "extra.csv"]);

        // A killed run's staging folder inside is not a user's file, and goes.
        let dead = target.join(format!("{IN_PLACE_PREFIX}999999999"));
        std::fs::create_dir(&dead).unwrap();
        check_replaceable(&target).unwrap();
        let second = StagingDir::in_place(&target).unwrap();
        assert!(!dead.exists());
        std::fs::write(second.path().join("coded.csv"), "run 2").unwrap();
        second.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("coded.csv")).unwrap(),
            "run 2"
        );
        assert!(!target.join("extra.csv").exists());
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 2);

        std::fs::write(target.join("notes.txt"), "mine").unwrap();
        assert!(StagingDir::new(&target).is_err());
        assert!(!is_mount_point(&target));
        assert!(is_mount_point(Path::new("/proc")));
    }

    #[test]
    fn never_replaces_a_folder_with_files_verbatim_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("project");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(target.join("data")).unwrap();
        let err = StagingDir::new(&target).err().expect("refused");
        assert_eq!(err.kind(), ErrorKind::Output);
        assert!(
            err.to_string().contains("holds 2 files or folders"),
            "{err}"
        );
        assert!(
            !err.to_string().contains("notes"),
            "no file is named: {err}"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "nothing staged"
        );

        // An output folder Verbatim wrote, to which a user then added a file.
        let out = tmp.path().join("out");
        let staging = StagingDir::new(&out).unwrap();
        std::fs::write(staging.path().join("coded.csv"), "run 1").unwrap();
        staging.commit().unwrap();
        std::fs::write(out.join("my-summary.docx"), "mine").unwrap();
        let staging = StagingDir::new(&out);
        assert!(staging.is_err());
        // The folder changing between the start and the end of a run is caught at commit.
        std::fs::remove_file(out.join("my-summary.docx")).unwrap();
        let staging = StagingDir::new(&out).unwrap();
        std::fs::write(staging.path().join("coded.csv"), "run 2").unwrap();
        std::fs::write(out.join("late.txt"), "mine").unwrap();
        assert!(staging.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("coded.csv")).unwrap(),
            "run 1"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("late.txt")).unwrap(),
            "mine"
        );

        // A plain file is never replaced; an empty folder is.
        let file = tmp.path().join("file.txt");
        std::fs::write(&file, "mine").unwrap();
        assert!(StagingDir::new(&file).is_err());
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        StagingDir::new(&empty).unwrap().commit().unwrap();
        assert!(empty.join(MARKER).is_file());
    }
}
