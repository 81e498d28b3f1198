//! Progress bars for long stages, drawn on stderr only when it is a terminal (so logs and CI
//! output stay clean) and never showing input text.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Bars are shown when `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Progress {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
        }
    }

    pub fn hidden() -> Progress {
        Progress { enabled: false }
    }

    /// A bar over `len` items; hidden when progress is off.
    pub fn bar(&self, len: u64, what: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        bar
    }

    /// A spinner with elapsed time for a step whose length is not known in advance (finding
    /// themes); hidden when progress is off.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} {spinner} {elapsed}").expect("static template"),
        );
        bar.set_message(what.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    }
}
