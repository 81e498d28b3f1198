use crate::config::PipelineConfig;
use crate::error::Result;
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use crate::record::Dataset;
use crate::segment::SkipReason;
use crate::validity::config::SocialConfig;
use crate::validity::{self, Check, Post};

/// Flags posts that are not genuine, relevant feedback (after redaction, before anything is
/// segmented); with `exclude_flagged`, flagged posts are skipped with their check as reason.
pub struct ValidityStage {
    config: SocialConfig,
    /// Per record: the post time in minutes (read and checked at ingest).
    minutes: Vec<Option<i64>>,
}

impl ValidityStage {
    /// The checks `[social]` configures, or nothing without that section.
    pub fn build(config: &PipelineConfig) -> Option<ValidityStage> {
        config.social.as_ref().map(|social| ValidityStage {
            config: social.clone(),
            minutes: Vec::new(),
        })
    }
}

impl Stage for ValidityStage {
    fn name(&self) -> &'static str {
        "validity"
    }

    /// Authors are pseudonymised before anything else sees them; post times are checked now.
    fn prepare(&mut self, dataset: &mut Dataset) -> Result<()> {
        self.minutes = validity::prepare(&self.config, dataset)?;
        Ok(())
    }

    fn run(&mut self, state: &mut RunState, _progress: &Progress) -> Result<()> {
        let dataset = &state.dataset;
        let author = self
            .config
            .author_column
            .as_ref()
            .and_then(|a| dataset.meta_index(a));
        fn author_of(r: &crate::record::Record, author: Option<usize>) -> &str {
            author.map_or("", |a| r.meta[a].as_str())
        }
        // The organisation's own posts are replies, not feedback: set aside, not checked.
        let org: Vec<bool> = dataset
            .records
            .iter()
            .map(|r| author_of(r, author) == validity::ORG_AUTHOR)
            .collect();
        let customer: Vec<usize> = (0..org.len()).filter(|&i| !org[i]).collect();
        let posts: Vec<Post<'_>> = customer
            .iter()
            .map(|&i| {
                let r = &dataset.records[i];
                Post {
                    id: &r.id,
                    text: &r.text,
                    author: author_of(r, author),
                    minute: self.minutes[i],
                }
            })
            .collect();
        let mut flags = vec![None; org.len()];
        for (flag, &i) in validity::check(&posts, &self.config)
            .into_iter()
            .zip(&customer)
        {
            flags[i] = flag;
        }
        // Off-topic posts are counted once the themes are found (`OffTopicStage`).
        for check in Check::ALL.into_iter().filter(|&c| c != Check::OffTopic) {
            let n = flags.iter().flatten().filter(|f| f.check == check).count();
            state.count("validity", check.as_str(), n as u64);
        }
        let flagged = flags.iter().flatten().count();
        state.count("validity", "posts_flagged", flagged as u64);
        if self.config.exclude_flagged {
            for (skipped, flag) in state.skipped.iter_mut().zip(&flags) {
                if let Some(flag) = flag {
                    *skipped = Some(SkipReason::Invalid(flag.check));
                }
            }
        }
        for (skipped, _) in state.skipped.iter_mut().zip(&org).filter(|(_, &o)| o) {
            *skipped = Some(SkipReason::Organisation);
        }
        state.count(
            "validity",
            "organisation_posts",
            org.iter().filter(|&&o| o).count() as u64,
        );
        state.validity = flags;
        state.post_minutes = std::mem::take(&mut self.minutes);
        Ok(())
    }
}
