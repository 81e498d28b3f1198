//! The `verbatim` command line. All logic lives in the library; this file parses arguments,
//! calls it and turns errors into messages and exit codes.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use verbatim::config::{Overrides, PipelineConfig};
use verbatim::embed::config::CacheSetting;
use verbatim::error::printable;
use verbatim::progress::Progress;
use verbatim::record::Format;
use verbatim::redact::config::RedactConfig;
use verbatim::redact::file;
use verbatim::{Error, ErrorKind};

/// Verbatim turns raw qualitative feedback (survey comments, complaint logs, posts) into coded
/// evidence: personal data redacted first, then themes with readable names, sentiment,
/// exemplar quotes and frequency tables.
///
/// Runs are described by pipeline files (TOML) in `pipelines/`; see README.md for every key.
///
/// Exit codes: 0 success, 2 invalid pipeline or arguments, 3 bad input file, 4 model or
/// ONNX Runtime problem, 5 cannot write outputs.
#[derive(Parser, Debug)]
#[command(name = "verbatim", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a pipeline: ingest → redact → segment → embed → themes → sentiment → tables, written
    /// to one folder.
    ///
    /// Outputs (see README.md for columns): coded.csv (one row per input row), segments.csv,
    /// themes.csv, codebook.toml/.csv, frequencies.csv, kpis.csv, trends.csv, drivers.csv,
    /// priorities.csv, report.html, report.xlsx, project.qdpx and codebook.qdc (REFI-QDA),
    /// participants.csv and participant_matrix.csv (transcripts), threads.csv and
    /// thread_summary.csv (social posts with reply-to ids), redactions.csv (when redaction is
    /// on), run.json (provenance and counts), timings.json; tables that do not apply are not
    /// written. The folder is replaced atomically: a failed run leaves the previous outputs
    /// untouched.
    Run(RunArgs),
    /// Redact personal data in a CSV/TSV export (named columns only; other columns pass
    /// through untouched) or in text lines from standard input.
    ///
    /// Detection and operators come from a pipeline's [redact] section (--pipeline) or the
    /// defaults: every entity kind, replaced by a type tag such as [EMAIL]. A summary of what
    /// was redacted (counts per kind, never values) goes to stderr. The output file is written
    /// atomically.
    Redact(RedactArgs),
    /// Compare two runs before and after a change: theme shares, comment sentiment and KPIs
    /// (overall and per theme), each with the difference, its 95% interval, a p-value and a
    /// rise/fall flag at p < 0.05.
    ///
    /// Both runs must be coded with the same codebook, e.g. `verbatim run P --out BEFORE`, then
    /// `verbatim run P --input LATER.csv --codebook BEFORE/codebook.toml --out AFTER`; themes
    /// are matched by code id. Writes compare.csv and compare.html (see README.md), replacing
    /// the output folder atomically.
    Compare(CompareArgs),
    /// Measure agreement between a run's coding and human coders: per code and pooled, Cohen's
    /// kappa and the machine's precision and recall against each human coder, and
    /// Krippendorff's alpha across all coders (the machine counted as one).
    ///
    /// The human file is a CSV with columns id (comment id), code (code id or name; empty =
    /// reviewed, no code applies) and optionally coder, start, end (character offsets, end
    /// exclusive). Only comments in the human file count. Or it is a REFI-QDA project (.qdpx):
    /// the project.qdpx the run wrote, coded in NVivo, ATLAS.ti, MAXQDA or QualCoder and
    /// exported again; each user is a coder, codes are matched by name, and a coder reviewed
    /// every comment of each source they coded in. At segment level a human span marks each
    /// machine segment it overlaps by at least half of the shorter of the two. Writes
    /// agreement.csv (see README.md).
    Agree(AgreeArgs),
    /// Draw a stratified random sample of a run's segments for human review: up to N segments
    /// per theme (and of the uncoded), reproducible with --seed.
    ///
    /// The sample is a review sheet (id, segment, start, end, text, stratum, coder, code):
    /// reviewers fill in coder and code, and `verbatim agree --human SHEET --machine RUN`
    /// measures agreement on exactly those segments. Hide the stratum column for blind review.
    Sample(SampleArgs),
}

#[derive(Args, Debug)]
struct SampleArgs {
    /// Output folder of the run to sample.
    run: PathBuf,
    /// Segments drawn per theme (all of a smaller theme).
    #[arg(long, value_name = "N", default_value_t = 10)]
    per_theme: usize,
    /// Seed for the draw: the same seed gives the same sample.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Review sheet to write [default: out/audit-sample.csv]. An existing file (perhaps a
    /// sheet already reviewed) is never replaced unless --overwrite is given.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long)]
    overwrite: bool,
    /// No summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct AgreeArgs {
    /// Human coding file (.csv, or a coded REFI-QDA project .qdpx).
    #[arg(long, value_name = "FILE")]
    human: PathBuf,
    /// Output folder of the machine run (reads segments.csv and codebook.toml).
    #[arg(long, value_name = "DIR")]
    machine: PathBuf,
    /// Unit of agreement: segment, comment, or auto (segment when the human file gives
    /// start/end for every code, else comment).
    #[arg(long, value_enum, default_value_t = UnitArg::Auto)]
    unit: UnitArg,
    /// Output folder [default: out/agreement/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// No summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum UnitArg {
    Auto,
    Segment,
    Comment,
}

#[derive(Args, Debug)]
struct CompareArgs {
    /// Output folder of the earlier run.
    before: PathBuf,
    /// Output folder of the later run.
    after: PathBuf,
    /// Output folder [default: out/compare/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Names for the two runs in the outputs, e.g. "Jan–Mar,Apr–Jun" [default: the folder
    /// names].
    #[arg(long, value_name = "BEFORE,AFTER")]
    labels: Option<String>,
    /// No summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct RedactArgs {
    /// CSV or TSV file to redact; without it, standard input is read line by line and the
    /// redacted lines are written to standard output.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Column to redact (repeat for several). Required with --input.
    #[arg(long = "column", value_name = "NAME")]
    columns: Vec<String>,
    /// Output file [default: standard output]. An existing file is never replaced unless
    /// --overwrite is given, and never when it is the input.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long)]
    overwrite: bool,
    /// The file never wraps fields in quotes (many TSV exports): a quote is only a character
    /// of the text, read and written as it is.
    #[arg(long)]
    no_quoting: bool,
    /// Take the [redact] settings from this pipeline file.
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Pipeline file, e.g. pipelines/survey-comments.toml.
    pipeline: PathBuf,
    /// Output folder [default: out/<pipeline name>/].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Read this file instead of the pipeline's input.path (relative to the working directory);
    /// for a transcript pipeline it may be a folder or a wildcard (`interviews/*.docx`).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Input format [default: guessed from the file extension].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Column holding the comment text.
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// Column holding a stable row id (row numbers are used when the pipeline sets none).
    #[arg(long, value_name = "NAME")]
    id_column: Option<String>,
    /// Comma-separated metadata columns to carry through (replaces the pipeline's list;
    /// an empty value carries none). Cross-tables, KPIs, the respondent column and trends keep
    /// only columns still listed.
    #[arg(long, value_name = "A,B,…")]
    metadata_columns: Option<String>,
    /// The input never wraps fields in quotes (many TSV exports): a quote is only a character
    /// of the text (sets input.quoting = false).
    #[arg(long)]
    no_quoting: bool,
    /// Seed for clustering and sampling (replaces the pipeline's seed).
    #[arg(long)]
    seed: Option<u64>,
    /// Code with this codebook (.toml; .csv, or a REFI-QDA .qdc codebook or .qdpx project from
    /// a QDA tool, to import), e.g. the codebook.toml an earlier run wrote: a new wave gets
    /// exactly the same codes. Replaces themes.codebook; an
    /// inductive pipeline becomes deductive, a hybrid one stays hybrid.
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
    /// Embedding cache folder, shared by runs and safe to share between concurrent ones: a
    /// re-run or a new wave embeds no text twice. Replaces embed.cache [default: $VERBATIM_CACHE,
    /// else $XDG_CACHE_HOME/verbatim, else ~/.cache/verbatim].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Neither read nor write the embedding cache.
    #[arg(long)]
    no_cache: bool,
    /// No progress bars and no summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Csv,
    Tsv,
    Xlsx,
    Jsonl,
    Txt,
    Transcript,
    Vtt,
    Srt,
    Docx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Txt => Format::Txt,
            FormatArg::Transcript => Format::Transcript,
            FormatArg::Vtt => Format::Vtt,
            FormatArg::Srt => Format::Srt,
            FormatArg::Docx => Format::Docx,
        }
    }
}

fn main() -> ExitCode {
    restore_sigpipe();
    handle_interrupts();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Paths and header names come from users' files: no control sequences reach the
            // terminal.
            eprintln!("verbatim: error: {}", printable(&err.to_string()));
            ExitCode::from(match err.kind() {
                ErrorKind::Config => 2,
                ErrorKind::Input => 3,
                ErrorKind::Model => 4,
                ErrorKind::Output | ErrorKind::Io => 5,
            })
        }
    }
}

/// Rust ignores SIGPIPE, so printing to a closed pipe (`verbatim redact | head`) would panic.
/// Like other command-line tools, end quietly instead when the reader goes away.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: sets the default disposition for one signal at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// SIGINT and SIGTERM (Ctrl-C, a scheduler stopping the job) remove the run's staging folder
/// before the process ends (exit 130 / 143), instead of leaving it for the next run. The
/// signals are blocked in every thread and taken by one that waits for them, where removing
/// files is safe (a signal handler could not).
fn handle_interrupts() {
    #[cfg(unix)]
    // SAFETY: plain libc calls on a zeroed, then initialised, signal set; called at start-up
    // before any other thread exists, so every later thread inherits the mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        std::thread::spawn(move || {
            let mut signal = 0;
            if libc::sigwait(&set, &mut signal) == 0 {
                verbatim::outputs::remove_unfinished();
                std::process::exit(128 + signal);
            }
        });
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Run(args) => run_pipeline(args),
        Command::Redact(args) => redact(args),
        Command::Compare(args) => compare(args),
        Command::Agree(args) => agree(args),
        Command::Sample(args) => sample(args),
    }
}

fn sample(args: SampleArgs) -> Result<ExitCode, Error> {
    let out = args
        .out
        .unwrap_or_else(|| std::path::Path::new("out").join("audit-sample.csv"));
    let drawn = verbatim::sample::run(&args.run, args.per_theme, args.seed, &out, args.overwrite)?;
    if !args.quiet {
        let strata: std::collections::BTreeSet<&str> =
            drawn.iter().map(|s| s.stratum.as_str()).collect();
        println!(
            "{} segments sampled from {} strata (seed {}) → {}",
            drawn.len(),
            strata.len(),
            args.seed,
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn agree(args: AgreeArgs) -> Result<ExitCode, Error> {
    use verbatim::agree::UnitChoice;
    let unit = match args.unit {
        UnitArg::Segment => UnitChoice::Segment,
        UnitArg::Comment => UnitChoice::Comment,
        UnitArg::Auto => UnitChoice::Auto,
    };
    let out = args
        .out
        .unwrap_or_else(|| std::path::Path::new("out").join("agreement"));
    let agreement = verbatim::agree::run(&args.human, &args.machine, unit, &out)?;
    if !args.quiet {
        let show = |x: Option<f64>| x.map_or("   –  ".to_owned(), |x| format!("{x:6.3}"));
        println!(
            "agreement per {} ({} units reviewed)",
            agreement.unit.name(),
            agreement.reviewed
        );
        println!(
            "{:<24} {:<10} {:>6} {:>6} {:>6} {:>6}",
            "code", "coder", "kappa", "prec", "recall", "alpha"
        );
        for r in &agreement.rows {
            println!(
                "{:<24} {:<10} {} {} {} {}",
                printable(r.code.as_deref().unwrap_or("all (pooled)")),
                printable(&r.coder),
                show(r.kappa),
                show(r.confusion.precision()),
                show(r.confusion.recall()),
                show(r.alpha)
            );
        }
        println!("outputs written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn compare(args: CompareArgs) -> Result<ExitCode, Error> {
    let labels = match &args.labels {
        Some(labels) => match labels.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Some((a.trim().to_owned(), b.trim().to_owned()))
            }
            _ => return Err(Error::config("--labels takes two names: BEFORE,AFTER")),
        },
        None => None,
    };
    let out = args.out.unwrap_or_else(verbatim::compare::default_out_dir);
    let comparison = verbatim::compare::run(&args.before, &args.after, labels, &out)?;
    if !args.quiet {
        let flagged = comparison
            .changes
            .iter()
            .filter(|c| c.significant())
            .count();
        println!(
            "{} vs {}: {} figures compared, {} changed significantly (p < 0.05)",
            comparison.labels.0,
            comparison.labels.1,
            comparison.changes.len(),
            flagged
        );
        println!("outputs written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn redact(args: RedactArgs) -> Result<ExitCode, Error> {
    let config = match &args.pipeline {
        Some(path) => PipelineConfig::load(path)?
            .redact
            .ok_or_else(|| Error::config(format!("{}: has no [redact] section", path.display())))?,
        None => RedactConfig::default(),
    };
    let summary = file::run(file::Job {
        config: &config,
        input: args.input.as_deref(),
        columns: &args.columns,
        quoting: !args.no_quoting,
        out: args.out.as_deref(),
        overwrite: args.overwrite,
    })?;
    if !args.quiet {
        let counts: Vec<String> = summary
            .by_type
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        eprintln!(
            "redacted {} rows, {} with personal data{}{}",
            summary.rows,
            summary.rows_with_pii,
            if counts.is_empty() { "" } else { ": " },
            counts.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_pipeline(args: RunArgs) -> Result<ExitCode, Error> {
    let mut config = PipelineConfig::load(&args.pipeline)?;
    let cache = match (args.cache, args.no_cache) {
        (_, true) => Some(CacheSetting::Off),
        (Some(dir), false) => Some(CacheSetting::Dir(dir)),
        (None, false) => None,
    };
    Overrides {
        input: args.input,
        format: args.format.map(Format::from),
        text_column: args.text_column,
        id_column: args.id_column,
        metadata_columns: args.metadata_columns.map(|columns| {
            columns
                .split(',')
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect()
        }),
        no_quoting: args.no_quoting,
        seed: args.seed,
        codebook: args.codebook,
        cache,
    }
    .apply(&mut config);
    let out = args
        .out
        .unwrap_or_else(|| verbatim::pipeline::default_out_dir(&config));
    let summary = verbatim::pipeline::run(config, &out, Progress::new(!args.quiet))?;
    if !args.quiet {
        print_summary(&summary);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &verbatim::pipeline::Summary) {
    println!(
        "rows read {}: coded {}, uncoded {}, skipped {} ({} segments, {:.1}s, {:.0} rows/s)",
        s.rows_read,
        s.coded,
        s.uncoded,
        s.skipped,
        s.segments,
        s.seconds,
        s.rows_read as f64 / s.seconds.max(1e-9)
    );
    if let Some(cache) = s.cache {
        println!(
            "embedding cache: {} texts reused, {} embedded",
            cache.hits, cache.misses
        );
    }
    if let Some((values, rows)) = s.redacted {
        println!("personal data redacted: {values} values in {rows} rows");
    }
    if !s.sentiment.is_empty() {
        let total: usize = s.sentiment.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = s
            .sentiment
            .iter()
            .map(|(label, n)| format!("{label} {:.0}%", verbatim::figures::percent(*n, total)))
            .collect();
        println!("{} sentiment: {}", s.unit, parts.join(", "));
    }
    println!("themes: {}", s.themes.len());
    for (id, name, share) in s.themes.iter().take(10) {
        println!("  {share:>5.1}%  {:<4}  {}", printable(id), printable(name));
    }
    if s.themes.len() > 10 {
        println!("  … {} more in themes.csv", s.themes.len() - 10);
    }
    println!("outputs written to {}", s.out_dir.display());
}
