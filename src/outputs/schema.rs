//! The names of the output files and columns that Verbatim reads back (`compare`, `agree`,
//! `sample`), declared once for the writers and the readers.

/// Where a run's codebook is written, and where reuse and `compare` read it.
pub const CODEBOOK_TOML: &str = "codebook.toml";
/// A run's provenance, read back by `compare` for the pipeline it ran.
pub const RUN_JSON: &str = "run.json";

/// `coded.csv`: one row per input record. Metadata columns sit between `row` and `text`;
/// `validity` and `validity_reason` follow for social runs.
pub mod coded {
    pub const FILE: &str = "coded.csv";
    pub const ID: &str = "id";
    pub const ROW: &str = "row";
    pub const TEXT: &str = "text";
    pub const STATUS: &str = "status";
    pub const SEGMENTS: &str = "segments";
    pub const THEME_IDS: &str = "theme_ids";
    pub const THEME_NAMES: &str = "theme_names";
    pub const SENTIMENT: &str = "sentiment";
    pub const SENTIMENT_SCORE: &str = "sentiment_score";
    pub const VALIDITY: &str = "validity";
    pub const VALIDITY_REASON: &str = "validity_reason";
    /// The columns after the metadata, in order.
    pub const ANALYSIS: [&str; 7] = [
        TEXT,
        STATUS,
        SEGMENTS,
        THEME_IDS,
        THEME_NAMES,
        SENTIMENT,
        SENTIMENT_SCORE,
    ];
}

/// `segments.csv`: one row per analysed segment.
pub mod segments {
    pub const FILE: &str = "segments.csv";
    pub const ID: &str = "id";
    pub const SEGMENT: &str = "segment";
    pub const START: &str = "start";
    pub const END: &str = "end";
    pub const TEXT: &str = "text";
    pub const THEME_ID: &str = "theme_id";
    pub const OTHER_THEME_IDS: &str = "other_theme_ids";
    pub const QDA_SOURCE: &str = "qda_source";
    pub const QDA_START: &str = "qda_start";
    /// Every column, in order.
    pub const COLUMNS: [&str; 19] = [
        ID,
        SEGMENT,
        START,
        END,
        TEXT,
        THEME_ID,
        "theme_name",
        OTHER_THEME_IDS,
        "similarity",
        "tokens",
        "truncated",
        "sentiment",
        "p_negative",
        "p_neutral",
        "p_positive",
        "sentiment_score",
        QDA_SOURCE,
        QDA_START,
        "qda_end",
    ];
}
