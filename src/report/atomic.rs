//! Atomic output folders: everything is written into a hidden sibling folder, which replaces
//! the target only once every file is complete. A failed run leaves the previous outputs (or
//! nothing) — never a half-written folder.

use crate::error::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};

pub struct StagingDir {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

impl StagingDir {
    /// Creates a fresh staging folder beside `target`.
    pub fn new(target: &Path) -> Result<StagingDir> {
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
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Error::io(ErrorKind::Output, &staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| Error::io(ErrorKind::Output, &staging, e))?;
        Ok(StagingDir {
            target: target.to_path_buf(),
            staging,
            done: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder into place, replacing any previous output folder.
    pub fn commit(mut self) -> Result<()> {
        let out = |p: &Path, e| Error::io(ErrorKind::Output, p, e);
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
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| out(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
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
    fn replaces_previous_folder_only_on_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.csv"), "old").unwrap();

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
}
