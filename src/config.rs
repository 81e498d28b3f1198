//! Pipeline configuration: one TOML file per pipeline, parsed strictly (`deny_unknown_fields`)
//! and validated as a whole before any stage runs, so a typo costs seconds, not a long run.

use crate::error::{Error, Result};
use crate::record::Format;
use crate::redact::operator::{OperatorName, OperatorSpec};
use crate::redact::EntityKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Names the run; the default output folder is `out/<name>/`.
    pub name: String,
    /// Seed for every random choice (clustering initialisation, sampling).
    #[serde(default = "default_seed")]
    pub seed: u64,
    pub input: InputConfig,
    /// Redaction of personal data; absent means no redaction (every shipped pipeline has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redact: Option<RedactConfig>,
    #[serde(default)]
    pub segment: SegmentConfig,
    #[serde(default)]
    pub embed: EmbedConfig,
    /// Sentiment per segment, comment and theme; absent means no sentiment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<SentimentConfig>,
    #[serde(default)]
    pub themes: ThemesConfig,
    #[serde(default)]
    pub output: OutputConfig,
    /// Score columns (from `input.metadata_columns`) to report as KPIs in `kpis.csv`.
    #[serde(default)]
    pub kpi: KpiConfig,
    /// Theme shares, sentiment and KPIs per period; absent means no trends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trends: Option<TrendsConfig>,
    #[serde(default)]
    pub report: ReportConfig,
    /// Speaker roles for transcript input.
    #[serde(default)]
    pub transcript: TranscriptConfig,
    /// Social-media posts: authors, times and validity checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social: Option<SocialConfig>,
}

/// Social-media posts: who wrote them and when, and the checks that a post is genuine customer
/// feedback (see [`crate::validity`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialConfig {
    /// Metadata column with the author's id or handle; authors are pseudonymised (`U0001`…,
    /// in order of first post) before anything else happens. Without it, a campaign is any
    /// group of copies, author bursts are not looked for, and there are no threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_column: Option<String>,
    /// Metadata column with the post time (`2026-03-02T14:05`, optionally with seconds and a
    /// `Z` or `±hh:mm` offset); needed for burst detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_column: Option<String>,
    /// Metadata column with the id of the post a post replies to; posts are collated into
    /// conversations (`threads.csv`) through it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_column: Option<String>,
    /// The organisation's own accounts (`@FreshBasketHelp`, case-insensitive): their posts are
    /// replies to customers, never coded as feedback, and shown as author `ORG`.
    #[serde(default)]
    pub org_handles: Vec<String>,
    /// ISO 639-3 codes of the languages to analyse (`eng`, `cym`, `fra`…); posts confidently
    /// in another language are flagged `other_language`. Empty: any language.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Confidence (whatlang's, 0–1) a post's language needs before it is flagged.
    #[serde(default = "default_language_confidence")]
    pub language_confidence: f64,
    /// What the organisation and its service are, in a sentence or a list of keywords: posts
    /// close to it are on topic even when they fit no theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Cosine a post needs to its nearest theme or to `topic` not to be `off_topic`; 0 turns
    /// the check off.
    #[serde(default = "default_off_topic_similarity")]
    pub off_topic_similarity: f32,
    /// Leave flagged posts out of coding and counts (they stay in `coded.csv` with their flag).
    #[serde(default = "default_true")]
    pub exclude_flagged: bool,
    #[serde(default)]
    pub duplicates: DuplicateConfig,
    #[serde(default)]
    pub bursts: BurstConfig,
}

fn default_off_topic_similarity() -> f32 {
    0.4
}

fn default_language_confidence() -> f64 {
    0.5
}

fn default_languages() -> Vec<String> {
    vec!["eng".to_owned()]
}

/// When near-identical posts by several authors are a campaign.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateConfig {
    /// Jaccard similarity of word 3-grams at which two posts are copies, in (0, 1].
    #[serde(default = "default_duplicate_threshold")]
    pub threshold: f64,
    /// Posts with fewer words are never campaign copies ("great service" is common speech).
    #[serde(default = "default_duplicate_words")]
    pub min_words: usize,
    /// Copies (the canonical post included) that make a campaign, from two authors or more.
    #[serde(default = "default_duplicate_posts")]
    pub min_posts: usize,
}

fn default_duplicate_threshold() -> f64 {
    0.8
}

fn default_duplicate_words() -> usize {
    6
}

fn default_duplicate_posts() -> usize {
    3
}

impl Default for DuplicateConfig {
    fn default() -> Self {
        DuplicateConfig {
            threshold: default_duplicate_threshold(),
            min_words: default_duplicate_words(),
            min_posts: default_duplicate_posts(),
        }
    }
}

/// When many posts in a short time are bot-like.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurstConfig {
    /// Posts (from one author, or of one text) that make a burst.
    #[serde(default = "default_burst_posts")]
    pub posts: usize,
    /// Window, in minutes, from a burst's first post to its last.
    #[serde(default = "default_burst_minutes")]
    pub minutes: i64,
}

fn default_burst_posts() -> usize {
    5
}

fn default_burst_minutes() -> i64 {
    10
}

impl Default for BurstConfig {
    fn default() -> Self {
        BurstConfig {
            posts: default_burst_posts(),
            minutes: default_burst_minutes(),
        }
    }
}

fn default_seed() -> u64 {
    42
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    /// Input file; relative paths are resolved against the pipeline file's folder.
    pub path: PathBuf,
    /// File format; guessed from the extension when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Column holding the free text (ignored for `txt`, where each line is one comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_column: Option<String>,
    /// Column holding a stable row id; the row number is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    /// Columns carried through to the outputs unchanged.
    #[serde(default)]
    pub metadata_columns: Vec<String>,
    /// Column identifying the respondent (listed in `metadata_columns`): frequency tables then
    /// also give the % of respondents, counting someone who answered twice once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent_column: Option<String>,
    /// Worksheet to read from an XLSX workbook; the first sheet when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Field delimiter for delimited text; sniffed from the header line when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// Whether a double quote opening a field wraps it (RFC 4180). `false` for exports that
    /// never wrap fields (many TSVs), where a quote is only a character of the text.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub quoting: bool,
    /// Text encoding label (e.g. "utf-8", "windows-1252") or "auto" to detect it.
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

fn default_encoding() -> String {
    "auto".to_owned()
}

/// Which personal data to find and how to anonymise it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactConfig {
    /// Entity kinds to detect (see README); every built-in kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<String>>,
    /// Operator for kinds without their own entry in `operators`.
    #[serde(default = "default_operator")]
    pub default_operator: OperatorSpec,
    /// Operator per entity kind or custom pattern name.
    #[serde(default)]
    pub operators: BTreeMap<String, OperatorSpec>,
    /// Words and phrases never redacted (the organisation's and its products' names).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Words and phrases always redacted, wherever they appear (e.g. known staff names).
    #[serde(default)]
    pub deny: Vec<String>,
    /// Organisation-specific identifiers (order, account, ticket numbers).
    #[serde(default)]
    pub patterns: Vec<PatternConfig>,
    /// Detections scoring below this are left alone.
    #[serde(default = "default_min_score")]
    pub min_score: f32,
    /// Redact carried metadata columns too, not only the text.
    #[serde(default = "default_true")]
    pub metadata: bool,
}

/// A custom identifier pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternConfig {
    /// Names the entity kind: the tag is its upper-case form (`order_number` → `[ORDER_NUMBER]`).
    pub name: String,
    /// Regular expression (Rust `regex` syntax) matching the identifier.
    pub regex: String,
    /// Check digits a match must pass: `luhn`, `iban`, `nhs` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
    #[serde(default = "default_pattern_score")]
    pub score: f32,
}

fn default_operator() -> OperatorSpec {
    OperatorSpec::Name(OperatorName::Replace)
}
fn default_min_score() -> f32 {
    0.5
}
fn is_true(value: &bool) -> bool {
    *value
}

fn default_true() -> bool {
    true
}
fn default_pattern_score() -> f32 {
    0.9
}

impl Default for RedactConfig {
    fn default() -> Self {
        RedactConfig {
            entities: None,
            default_operator: default_operator(),
            operators: BTreeMap::new(),
            allow: Vec::new(),
            deny: Vec::new(),
            patterns: Vec::new(),
            min_score: default_min_score(),
            metadata: true,
        }
    }
}

impl RedactConfig {
    /// Checks names and values; regexes are compiled (and checked) when the redactor is built.
    pub fn validate(&self) -> Result<()> {
        let bad = |key: &str, why: String| Err(Error::config(format!("redact.{key}: {why}")));
        let known = |name: &str| {
            EntityKind::from_name(name).is_some() || self.patterns.iter().any(|p| p.name == name)
        };
        for name in self.entities.iter().flatten() {
            if !known(name) {
                return bad("entities", format!("unknown entity kind '{name}'"));
            }
        }
        for name in self.operators.keys() {
            if !known(name) && name != "deny" {
                return bad("operators", format!("unknown entity kind '{name}'"));
            }
        }
        for p in &self.patterns {
            let ok = !p.name.is_empty()
                && p.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok || EntityKind::from_name(&p.name).is_some() || p.name == "deny" {
                return bad(
                    "patterns",
                    format!(
                        "name '{}' must be new, lower_snake_case and not a built-in kind",
                        p.name
                    ),
                );
            }
        }
        if !(0.0..=1.0).contains(&self.min_score) {
            return bad("min_score", "must be in [0, 1]".into());
        }
        Ok(())
    }
}

/// What one coded unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Each sentence is embedded and themed; a comment carries every theme its sentences got.
    #[default]
    Sentence,
    /// Each comment is embedded and themed whole.
    Comment,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentConfig {
    #[serde(default)]
    pub unit: Unit,
    /// Sentences shorter than this many characters (after trimming) are merged into the
    /// previous sentence of the same comment, so "Thanks!" does not become its own theme.
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// Also split sentences before "but", "however", "although", "though", "whereas", so
    /// each side of a mixed sentence gets its own theme and sentiment.
    #[serde(default = "default_true")]
    pub split_contrast: bool,
}

fn default_min_chars() -> usize {
    12
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            unit: Unit::default(),
            min_chars: default_min_chars(),
            split_contrast: true,
        }
    }
}

/// Which sentiment scorer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ScorerKind {
    /// The bundled model's sentiment head, computed in the same pass as the embeddings.
    #[default]
    Model,
    /// The VADER-style rule scorer: fast and explainable.
    Lexicon,
    /// Any ONNX sequence-classification model (`sentiment.classifier` names its folder).
    Classifier,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentConfig {
    #[serde(default)]
    pub scorer: ScorerKind,
    /// Folder of an ONNX sequence classifier (`model.onnx`, `tokenizer.json`, `config.json`
    /// with `id2label`), for `scorer = "classifier"`; relative to the pipeline file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classifier: Option<PathBuf>,
    /// A comment is `mixed` when one of its sentences scores at least this much and another at
    /// most minus this much (scores run from -1 to 1).
    #[serde(default = "default_mixed_threshold")]
    pub mixed_threshold: f32,
}

fn default_mixed_threshold() -> f32 {
    0.5
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig {
            scorer: ScorerKind::default(),
            classifier: None,
            mixed_threshold: default_mixed_threshold(),
        }
    }
}

/// Which weights of a model folder to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `model_int8.onnx`: dynamically quantised, about 1.5x faster.
    #[default]
    Int8,
    /// `model.onnx`: full precision.
    Fp32,
}

/// Where the encoder runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    #[default]
    Cpu,
    /// ONNX Runtime's CUDA execution provider (needs a CUDA build of ONNX Runtime).
    Cuda,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    /// Model folder holding `tokenizer.json` and ONNX weights, or a Hugging Face hub id
    /// `hf:owner/name[@revision]` with an ONNX export; the bundled all-MiniLM-L6-v2 when
    /// absent. Relative paths resolve against the pipeline file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<PathBuf>,
    #[serde(default)]
    pub precision: Precision,
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    /// Longest input in tokens; longer segments are truncated and counted as such.
    #[serde(default = "default_max_tokens")]
    pub max_tokens: usize,
    /// Intra-op threads; 0 means all available cores, and more than the cores are capped.
    #[serde(default)]
    pub threads: usize,
    #[serde(default)]
    pub device: Device,
    /// Where embeddings are cached, so that a re-run or a new wave embeds no text twice. Not
    /// written to run.json: it changes no result, and a folder path can name a person.
    #[serde(default, skip_serializing)]
    pub cache: CacheSetting,
}

/// The embedding cache folder: `"auto"` (the user's cache directory), `"off"`, or a folder
/// (relative to the pipeline file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum CacheSetting {
    #[default]
    Auto,
    Off,
    Dir(PathBuf),
}

impl From<String> for CacheSetting {
    fn from(value: String) -> Self {
        match value.as_str() {
            "auto" => CacheSetting::Auto,
            "off" => CacheSetting::Off,
            _ => CacheSetting::Dir(PathBuf::from(value)),
        }
    }
}

impl From<CacheSetting> for String {
    fn from(value: CacheSetting) -> Self {
        match value {
            CacheSetting::Auto => "auto".to_owned(),
            CacheSetting::Off => "off".to_owned(),
            CacheSetting::Dir(dir) => dir.to_string_lossy().into_owned(),
        }
    }
}

impl CacheSetting {
    /// The folder to use: `$VERBATIM_CACHE`, else `$XDG_CACHE_HOME/verbatim`, else
    /// `~/.cache/verbatim` for `"auto"`; `None` when off or no home is known.
    pub fn folder(&self) -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        match self {
            CacheSetting::Off => None,
            CacheSetting::Dir(dir) => Some(dir.clone()),
            CacheSetting::Auto => var("VERBATIM_CACHE").map(PathBuf::from).or_else(|| {
                var("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
                    .map(|base| base.join("verbatim"))
            }),
        }
    }
}

fn default_batch_size() -> usize {
    32
}

fn default_max_tokens() -> usize {
    256
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            model: None,
            precision: Precision::default(),
            batch_size: default_batch_size(),
            max_tokens: default_max_tokens(),
            threads: 0,
            device: Device::default(),
            cache: CacheSetting::default(),
        }
    }
}

/// Number of themes: a fixed count, or chosen by silhouette over a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ThemeCount {
    Fixed(usize),
    Auto(AutoK),
}

/// Where codes come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodingMode {
    /// Themes are discovered in the data.
    #[default]
    Inductive,
    /// Segments get codes from the codebook only.
    Deductive,
    /// Codebook codes first; segments no code fits are clustered into new candidate themes.
    Hybrid,
}

/// Theme clustering algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterMethod {
    /// Louvain communities of the k-nearest-neighbour similarity graph: the number of themes
    /// follows from the data.
    #[default]
    Graph,
    /// k-means, with k chosen by silhouette over `k_min..=k_max` when `k = "auto"`.
    Kmeans,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoK {
    Auto,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesConfig {
    /// Inductive (themes found in the data), deductive (codes from `codebook`), or hybrid
    /// (codebook first, then new themes found among the segments no code fits).
    #[serde(default)]
    pub mode: CodingMode,
    /// Codebook file (`.toml`, or `.csv` to import); relative to the pipeline file.
    #[serde(default)]
    pub codebook: Option<PathBuf>,
    /// Cosine similarity a segment needs to get a codebook code without its own threshold.
    #[serde(default = "default_code_threshold")]
    pub code_threshold: f32,
    /// Codes one segment may get (the best ones above their thresholds).
    #[serde(default = "default_max_codes")]
    pub max_codes: usize,
    /// How segments are clustered into themes.
    #[serde(default)]
    pub method: ClusterMethod,
    /// `"auto"` or a target number of themes (graph: the resolution is searched to reach it;
    /// kmeans: k itself).
    #[serde(default = "default_k")]
    pub k: ThemeCount,
    /// Graph method: neighbours per segment in the similarity graph.
    #[serde(default = "default_neighbours")]
    pub neighbours: usize,
    /// Graph method: modularity resolution; higher gives more, smaller themes.
    #[serde(default = "default_resolution")]
    pub resolution: f64,
    /// Graph method: communities smaller than this are dissolved into the nearest theme.
    #[serde(default = "default_min_theme_size")]
    pub min_theme_size: usize,
    /// Themes whose centres have at least this cosine similarity are merged.
    #[serde(default = "default_merge_similarity")]
    pub merge_similarity: f32,
    /// Parent themes above the themes: `"auto"` (about √themes), a number, or 0 for none.
    #[serde(default = "default_k")]
    pub parents: ThemeCount,
    /// Range searched when `k = "auto"`.
    #[serde(default = "default_k_min")]
    pub k_min: usize,
    #[serde(default = "default_k_max")]
    pub k_max: usize,
    /// Segments sampled to score each candidate k (silhouette is quadratic in n).
    #[serde(default = "default_silhouette_sample")]
    pub silhouette_sample: usize,
    /// Above this many segments, themes are found on a seeded sample of this size (stratified
    /// by `output.frequency_columns`) and every segment is coded with the learned codebook.
    #[serde(default = "default_fit_sample")]
    pub fit_sample: usize,
    /// Cosine similarity to the nearest theme centre below which a segment stays `uncoded`.
    #[serde(default = "default_min_similarity")]
    pub min_similarity: f32,
    /// Keywords kept per theme.
    #[serde(default = "default_keywords")]
    pub keywords: usize,
    /// Exemplar quotes per theme.
    #[serde(default = "default_exemplars")]
    pub exemplars: usize,
}

fn default_k() -> ThemeCount {
    ThemeCount::Auto(AutoK::Auto)
}
fn default_code_threshold() -> f32 {
    0.35
}
fn default_max_codes() -> usize {
    1
}
fn default_neighbours() -> usize {
    8
}
fn default_resolution() -> f64 {
    3.0
}
fn default_min_theme_size() -> usize {
    3
}
fn default_merge_similarity() -> f32 {
    0.92
}
fn default_k_min() -> usize {
    4
}
fn default_k_max() -> usize {
    20
}
fn default_silhouette_sample() -> usize {
    2000
}
fn default_fit_sample() -> usize {
    20_000
}
fn default_min_similarity() -> f32 {
    0.30
}
fn default_keywords() -> usize {
    8
}
fn default_exemplars() -> usize {
    3
}

impl Default for ThemesConfig {
    fn default() -> Self {
        ThemesConfig {
            mode: CodingMode::default(),
            codebook: None,
            code_threshold: default_code_threshold(),
            max_codes: default_max_codes(),
            method: ClusterMethod::default(),
            k: default_k(),
            neighbours: default_neighbours(),
            resolution: default_resolution(),
            min_theme_size: default_min_theme_size(),
            merge_similarity: default_merge_similarity(),
            parents: default_k(),
            k_min: default_k_min(),
            k_max: default_k_max(),
            silhouette_sample: default_silhouette_sample(),
            fit_sample: default_fit_sample(),
            min_similarity: default_min_similarity(),
            keywords: default_keywords(),
            exemplars: default_exemplars(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Metadata columns to cross-tabulate against themes in `frequencies.csv`.
    #[serde(default)]
    pub frequency_columns: Vec<String>,
    /// Statistical disclosure control: counts from 1 to this minus one are shown as `<N` in
    /// `frequencies.csv` (with their percentage and residual blanked); 0 turns it off.
    #[serde(default = "default_min_cell_count")]
    pub min_cell_count: usize,
}

fn default_min_cell_count() -> usize {
    5
}

/// Metadata columns holding KPI answers; each is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiConfig {
    /// 0–10 likelihood to recommend → NPS with margin of error.
    pub nps: Option<String>,
    /// 1–5 satisfaction → CSAT, top-two-box % with a Wilson interval.
    pub csat: Option<String>,
    /// 1–7 effort → CES, mean with a 95% interval.
    pub ces: Option<String>,
    /// yes/no first-contact resolution → FCR % with a Wilson interval.
    pub fcr: Option<String>,
}

/// Length of a trend period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO 8601 week (Monday to Sunday), labelled like `2026-W02`.
    Week,
    #[default]
    Month,
    Quarter,
}

/// How to read dates that are not ISO 8601 (`2026-03-31`): the order of day and month in
/// `31/03/2026` or `03/31/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Only ISO 8601 dates (optionally followed by a time).
    #[default]
    Iso,
    /// Day first: 31/03/2026, 31.03.2026, 31-03-2026.
    Dmy,
    /// Month first: 03/31/2026.
    Mdy,
}

/// Figures per period from a date column.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendsConfig {
    /// Metadata column holding each row's date.
    pub date_column: String,
    #[serde(default)]
    pub period: Period,
    #[serde(default)]
    pub date_order: DateOrder,
}

/// The metadata columns every transcript record carries, in this order.
pub const TRANSCRIPT_COLUMNS: [&str; 4] = ["group", "speaker", "role", "timestamp"];

/// Who is who in transcripts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptConfig {
    /// Speaker labels (case-insensitive; a label starting with one followed by a space, `(` or
    /// a digit matches too, e.g. "Moderator (Anna)", "Interviewer 2") whose turns are kept
    /// for context but never coded or counted.
    #[serde(default = "default_moderators")]
    pub moderators: Vec<String>,
    /// A regular expression (case-insensitive, matched anywhere in the label) for further
    /// moderator labels, e.g. `"^(mod|int)\\b"` or `"\\(moderator\\)$"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator_pattern: Option<String>,
}

fn default_moderators() -> Vec<String> {
    ["moderator", "interviewer", "facilitator", "mod"]
        .map(str::to_owned)
        .to_vec()
}

impl Default for TranscriptConfig {
    fn default() -> Self {
        TranscriptConfig {
            moderators: default_moderators(),
            moderator_pattern: None,
        }
    }
}

impl TranscriptConfig {
    /// The compiled `moderator_pattern`; a config error names the key.
    pub fn pattern(&self) -> Result<Option<regex_automata::meta::Regex>> {
        let Some(pattern) = &self.moderator_pattern else {
            return Ok(None);
        };
        regex_automata::meta::Regex::builder()
            .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
            .build(pattern)
            .map(Some)
            .map_err(|e| Error::config(format!("transcript.moderator_pattern: invalid regex: {e}")))
    }

    /// Whether a label is one of `moderators` (see there).
    pub fn is_moderator(&self, label: &str) -> bool {
        let label = label.trim().to_lowercase();
        self.moderators.iter().any(|m| {
            let m = m.trim().to_lowercase();
            label == m
                || label.strip_prefix(&m).is_some_and(|rest| {
                    rest.starts_with([' ', '(']) || rest.starts_with(|c: char| c.is_ascii_digit())
                })
        })
    }
}

/// What the report and its recommendations contain.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Report title; the pipeline name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Improvement priorities listed (the themes with the highest priority scores).
    #[serde(default = "default_recommendations")]
    pub recommendations: usize,
    /// Redacted quotes given as evidence per priority.
    #[serde(default = "default_quotes")]
    pub quotes: usize,
    /// KPI whose key-driver impact weighs priorities: nps, csat, ces or fcr; the first mapped
    /// in that order when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver_kpi: Option<String>,
}

fn default_recommendations() -> usize {
    5
}

fn default_quotes() -> usize {
    3
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            title: None,
            recommendations: default_recommendations(),
            quotes: default_quotes(),
            driver_kpi: None,
        }
    }
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            frequency_columns: Vec::new(),
            min_cell_count: default_min_cell_count(),
        }
    }
}

impl PipelineConfig {
    /// Reads, parses and validates a pipeline file, resolving relative paths against its folder.
    pub fn load(path: &Path) -> Result<PipelineConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::config(format!("cannot read pipeline {}: {e}", path.display())))?;
        let mut config: PipelineConfig = toml::from_str(&text)
            .map_err(|e| Error::config(format!("{}: {}", path.display(), e)))?;
        let base = path.parent().unwrap_or(Path::new(""));
        config.input.path = resolve(base, &config.input.path);
        if let Some(codebook) = &config.themes.codebook {
            config.themes.codebook = Some(resolve(base, codebook));
        }
        if config.input_format().is_transcript() && config.input.metadata_columns.is_empty() {
            config.input.metadata_columns = TRANSCRIPT_COLUMNS.map(str::to_owned).to_vec();
        }
        if let Some(sentiment) = &mut config.sentiment {
            if let Some(dir) = &sentiment.classifier {
                sentiment.classifier = Some(resolve(base, dir));
            }
        }
        if let CacheSetting::Dir(dir) = &config.embed.cache {
            config.embed.cache = CacheSetting::Dir(resolve(base, dir));
        }
        if let Some(model) = &config.embed.model {
            let hub = model
                .to_str()
                .is_some_and(|m| m.starts_with(crate::embed::model::HUB_PREFIX));
            if !hub {
                config.embed.model = Some(resolve(base, model));
            }
        }
        Ok(config)
    }

    /// Checks values that serde cannot: ranges, and that every referenced column is distinct
    /// and configured. Column existence in the file is checked by ingest when it reads the
    /// header, still before any analysis runs.
    pub fn validate(&self) -> Result<()> {
        let bad = |key: &str, why: &str| Err(Error::config(format!("{key}: {why}")));
        if self.name.trim().is_empty() {
            return bad("name", "must not be empty");
        }
        if self.name.contains(['/', '\\']) || self.name.starts_with('.') {
            return bad(
                "name",
                "must be usable as a folder name (no slashes, no leading dot)",
            );
        }
        self.transcript.pattern()?;
        let format = self
            .input
            .format
            .or_else(|| Format::from_path(&self.input.path));
        let Some(format) = format else {
            return bad(
                "input.format",
                "cannot guess the format from the file extension; set one of csv, tsv, xlsx, jsonl, \
                 txt, transcript, vtt, srt, docx",
            );
        };
        if format.is_transcript() {
            let implied: Vec<String> = TRANSCRIPT_COLUMNS.map(str::to_owned).to_vec();
            if self.input.metadata_columns != implied {
                return bad(
                    "input.metadata_columns",
                    "transcripts carry exactly [\"group\", \"speaker\", \"role\", \"timestamp\"]; \
                     omit the key",
                );
            }
            if self.input.text_column.is_some() || self.input.id_column.is_some() {
                return bad(
                    "input.text_column/id_column",
                    "transcripts have no columns; omit these keys",
                );
            }
        } else if format != Format::Txt && self.input.text_column.is_none() {
            return bad(
                "input.text_column",
                "required for csv, tsv, xlsx and jsonl input",
            );
        }
        if self.input.sheet.is_some() && format != Format::Xlsx {
            return bad("input.sheet", "only applies to xlsx input");
        }
        if encoding_rs::Encoding::for_label(self.input.encoding.as_bytes()).is_none()
            && self.input.encoding != "auto"
        {
            return bad(
                "input.encoding",
                "unknown encoding label; use \"auto\", \"utf-8\", \"windows-1252\", …",
            );
        }
        for col in &self.output.frequency_columns {
            if !self.input.metadata_columns.contains(col) {
                return bad(
                    "output.frequency_columns",
                    &format!("'{col}' is not listed in input.metadata_columns"),
                );
            }
        }
        let kpi = &self.kpi;
        for (key, col) in [
            ("nps", &kpi.nps),
            ("csat", &kpi.csat),
            ("ces", &kpi.ces),
            ("fcr", &kpi.fcr),
        ] {
            if let Some(col) = col {
                if !self.input.metadata_columns.contains(col) {
                    return bad(
                        &format!("kpi.{key}"),
                        &format!("'{col}' is not listed in input.metadata_columns"),
                    );
                }
            }
        }
        let listed = |key: &str, col: &String| {
            if self.input.metadata_columns.contains(col) {
                Ok(())
            } else {
                bad(
                    key,
                    &format!("'{col}' is not listed in input.metadata_columns"),
                )
            }
        };
        if let Some(col) = &self.input.respondent_column {
            listed("input.respondent_column", col)?;
        }
        if let Some(trends) = &self.trends {
            listed("trends.date_column", &trends.date_column)?;
        }
        if let Some(social) = &self.social {
            if let Some(column) = &social.author_column {
                listed("social.author_column", column)?;
            } else if social.parent_column.is_some() || !social.org_handles.is_empty() {
                return bad(
                    "social.author_column",
                    "is needed for threads (parent_column) and org_handles",
                );
            }
            if let Some(column) = &social.timestamp_column {
                listed("social.timestamp_column", column)?;
            }
            if let Some(column) = &social.parent_column {
                listed("social.parent_column", column)?;
            }
            if let Some(code) = social
                .languages
                .iter()
                .find(|c| !crate::validity::known_language(c))
            {
                return bad(
                    "social.languages",
                    &format!("'{code}' is not an ISO 639-3 language code (e.g. \"eng\", \"fra\")"),
                );
            }
            if !(0.0..1.0).contains(&social.off_topic_similarity) {
                return bad("social.off_topic_similarity", "must be in [0, 1)");
            }
            if !(0.0..=1.0).contains(&social.language_confidence) {
                return bad("social.language_confidence", "must be in [0, 1]");
            }
            let d = &social.duplicates;
            if !(d.threshold > 0.0 && d.threshold <= 1.0) {
                return bad("social.duplicates.threshold", "must be in (0, 1]");
            }
            if d.min_posts < 2 {
                return bad("social.duplicates.min_posts", "must be at least 2");
            }
            if social.bursts.posts < 2 || social.bursts.minutes < 1 {
                return bad(
                    "social.bursts",
                    "posts must be at least 2 and minutes at least 1",
                );
            }
        }
        let r = &self.report;
        if !(1..=50).contains(&r.recommendations) {
            return bad("report.recommendations", "must be between 1 and 50");
        }
        if !(1..=10).contains(&r.quotes) {
            return bad("report.quotes", "must be between 1 and 10");
        }
        if let Some(kind) = &r.driver_kpi {
            let mapped = match kind.as_str() {
                "nps" => &kpi.nps,
                "csat" => &kpi.csat,
                "ces" => &kpi.ces,
                "fcr" => &kpi.fcr,
                _ => return bad("report.driver_kpi", "must be one of nps, csat, ces, fcr"),
            };
            if mapped.is_none() {
                return bad(
                    "report.driver_kpi",
                    &format!("kpi.{kind} must map a score column"),
                );
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for col in &self.input.metadata_columns {
            if !seen.insert(col) {
                return bad(
                    "input.metadata_columns",
                    &format!("'{col}' is listed twice"),
                );
            }
        }
        if self.embed.batch_size == 0 || self.embed.batch_size > 4096 {
            return bad("embed.batch_size", "must be between 1 and 4096");
        }
        if !(8..=8192).contains(&self.embed.max_tokens) {
            return bad("embed.max_tokens", "must be between 8 and 8192");
        }
        if let Some(redact) = &self.redact {
            redact.validate()?;
        }
        if let Some(sentiment) = &self.sentiment {
            if !(0.0..=1.0).contains(&sentiment.mixed_threshold) {
                return bad("sentiment.mixed_threshold", "must be in [0, 1]");
            }
            if (sentiment.scorer == ScorerKind::Classifier) != sentiment.classifier.is_some() {
                return bad(
                    "sentiment.classifier",
                    "set it (a model folder) exactly when scorer = \"classifier\"",
                );
            }
        }
        let t = &self.themes;
        if let ThemeCount::Fixed(k) = t.k {
            if k < 1 {
                return bad("themes.k", "must be at least 1 or \"auto\"");
            }
        }
        if (t.mode == CodingMode::Inductive) == t.codebook.is_some() {
            return bad(
                "themes.codebook",
                "set it exactly when mode is \"deductive\" or \"hybrid\"",
            );
        }
        if !(t.code_threshold > -1.0 && t.code_threshold <= 1.0) {
            return bad("themes.code_threshold", "must be in (-1, 1]");
        }
        if !(1..=20).contains(&t.max_codes) {
            return bad("themes.max_codes", "must be between 1 and 20");
        }
        if !(1..=200).contains(&t.neighbours) {
            return bad("themes.neighbours", "must be between 1 and 200");
        }
        if !(t.resolution > 0.0 && t.resolution <= 100.0) {
            return bad("themes.resolution", "must be in (0, 100]");
        }
        if t.min_theme_size < 1 {
            return bad("themes.min_theme_size", "must be at least 1");
        }
        if !(t.merge_similarity > 0.0 && t.merge_similarity <= 1.0) {
            return bad("themes.merge_similarity", "must be in (0, 1]");
        }
        if t.k_min < 2 || t.k_max < t.k_min {
            return bad("themes.k_min/k_max", "need 2 <= k_min <= k_max");
        }
        if t.silhouette_sample < 10 {
            return bad("themes.silhouette_sample", "must be at least 10");
        }
        if t.fit_sample < 100 {
            return bad("themes.fit_sample", "must be at least 100");
        }
        if !(-1.0..=1.0).contains(&t.min_similarity) {
            return bad(
                "themes.min_similarity",
                "must be a cosine similarity in [-1, 1]",
            );
        }
        if t.keywords == 0 || t.exemplars == 0 {
            return bad("themes.keywords/exemplars", "must be at least 1");
        }
        Ok(())
    }

    /// Replaces the carried metadata columns (a command-line override) and drops every setting
    /// that refers to a column no longer carried, so a pipeline can run on another file.
    pub fn keep_metadata_columns(&mut self, columns: Vec<String>) {
        self.input.metadata_columns = columns;
        let kept = &self.input.metadata_columns;
        let gone = |c: &Option<String>| c.as_ref().is_some_and(|c| !kept.contains(c));
        self.output.frequency_columns.retain(|c| kept.contains(c));
        let kpi = &mut self.kpi;
        for col in [&mut kpi.nps, &mut kpi.csat, &mut kpi.ces, &mut kpi.fcr] {
            if gone(col) {
                *col = None;
            }
        }
        if gone(&self.input.respondent_column) {
            self.input.respondent_column = None;
        }
        if self
            .trends
            .as_ref()
            .is_some_and(|t| !kept.contains(&t.date_column))
        {
            self.trends = None;
        }
        if let Some(social) = &mut self.social {
            if gone(&social.timestamp_column) {
                social.timestamp_column = None;
            }
            if gone(&social.author_column) {
                social.author_column = None;
                social.org_handles.clear();
            }
            if gone(&social.parent_column) || social.author_column.is_none() {
                social.parent_column = None;
            }
        }
        let driver_mapped = match self.report.driver_kpi.as_deref() {
            Some("nps") => kpi.nps.is_some(),
            Some("csat") => kpi.csat.is_some(),
            Some("ces") => kpi.ces.is_some(),
            Some("fcr") => kpi.fcr.is_some(),
            _ => true,
        };
        if !driver_mapped {
            self.report.driver_kpi = None;
        }
    }

    /// Renames a column everywhere the pipeline refers to it (the redactor's answer to a header
    /// name holding personal data), so the run and its outputs use the new name throughout.
    pub fn rename_column(&mut self, old: &str, new: &str) {
        let rename = |c: &mut String| {
            if c == old {
                *c = new.to_owned();
            }
        };
        let input = &mut self.input;
        input.text_column.iter_mut().for_each(rename);
        input.id_column.iter_mut().for_each(rename);
        input.respondent_column.iter_mut().for_each(rename);
        input.metadata_columns.iter_mut().for_each(rename);
        self.output.frequency_columns.iter_mut().for_each(rename);
        let kpi = &mut self.kpi;
        for col in [&mut kpi.nps, &mut kpi.csat, &mut kpi.ces, &mut kpi.fcr] {
            col.iter_mut().for_each(rename);
        }
        if let Some(trends) = &mut self.trends {
            rename(&mut trends.date_column);
        }
        if let Some(social) = &mut self.social {
            for col in [
                &mut social.author_column,
                &mut social.timestamp_column,
                &mut social.parent_column,
            ] {
                col.iter_mut().for_each(rename);
            }
        }
    }

    /// Whether the embedding model must carry the sentiment head.
    pub fn sentiment_head(&self) -> bool {
        self.sentiment
            .as_ref()
            .is_some_and(|s| s.scorer == ScorerKind::Model)
    }

    /// The input format, explicit or guessed (valid after `validate`).
    pub fn input_format(&self) -> Format {
        self.input
            .format
            .or_else(|| Format::from_path(&self.input.path))
            .unwrap_or(Format::Csv)
    }
}

fn resolve(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}
