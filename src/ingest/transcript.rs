//! Transcripts: speaker turns from plain text, WebVTT, SRT and DOCX. A folder read as
//! `transcript` may mix the four; each file is one focus group or interview.
//!
//! Plain text: a turn starts with `Name: text` (optionally after a timestamp such as
//! `[00:01:02]` or `00:01:02`); a following line that is indented, or that does not start with
//! a speaker label, continues the turn. Lines before the first turn (titles, dates) are kept
//! as a context-only turn with no speaker. WebVTT and SRT: each cue's text, with the speaker
//! from a `<v Name>` voice tag or a `Name:` prefix (a cue without one continues the previous
//! speaker); consecutive cues of one speaker form one turn, timed by its first cue. DOCX: each
//! paragraph is a line of plain text (see [`super::docx`]); a turn's row is its paragraph.

use crate::error::{Error, ErrorKind, Result};
use crate::ingest::config::{InputConfig, TranscriptConfig};
use crate::record::{Dataset, Format, Record};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The transcript files of an input: the file itself; a folder's files with the format's
/// extensions; or, for a path whose last part has `*` or `?` wildcards
/// (`interviews/2026-*.docx`), the files there whose names match. Sorted by name, so group
/// order and pseudonyms are reproducible.
pub fn files(config: &InputConfig, format: Format) -> Result<Vec<PathBuf>> {
    let path = &config.path;
    let (dir, wanted): (&Path, NameFilter) = if is_glob(path) {
        let pattern = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        (
            dir.unwrap_or(Path::new(".")),
            Box::new(move |name: &str| wildcard_match(&pattern, name)),
        )
    } else if path.is_dir() {
        let extensions: &[&str] = match format {
            Format::Vtt => &["vtt"],
            Format::Srt => &["srt"],
            Format::Docx => &["docx"],
            _ => &["txt", "text", "vtt", "srt", "docx"],
        };
        (
            path.as_path(),
            Box::new(move |name: &str| {
                Path::new(name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
            }),
        )
    } else {
        return Ok(vec![path.clone()]);
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(ErrorKind::Input, dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().is_some_and(|n| wanted(&n.to_string_lossy())))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(Error::input(
            path,
            None,
            None,
            "no transcript files match (a folder is read for .txt, .vtt, .srt and .docx files)",
        ));
    }
    Ok(found)
}

/// Which file names of a folder are transcripts.
type NameFilter = Box<dyn Fn(&str) -> bool>;

/// Whether an input path names files by wildcards in its last part.
pub fn is_glob(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(['*', '?']))
}

/// Shell-style match of a whole file name: `*` any run of characters, `?` one character.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Greedy matching with backtracking to the last `*`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Reads every transcript file into one dataset: one record per turn, with metadata `group`
/// (the file name without extension), `speaker` (a pseudonym: `P01`, `P02`… for participants
/// in order of first appearance across the run, `MOD` for moderators), `role` (`participant`,
/// `moderator`, or `context` for text before the first turn) and `timestamp`. Speaker labels
/// as written never leave this function.
pub fn read(config: &InputConfig, format: Format, roles: &TranscriptConfig) -> Result<Dataset> {
    let mut records = Vec::new();
    let mut context_only = Vec::new();
    let mut pseudonyms: HashMap<String, String> = HashMap::new();
    let mut names = std::collections::BTreeSet::new();
    let pattern = roles.pattern()?;
    let mut encoding = String::new();
    for file in files(config, format)? {
        let one = InputConfig {
            path: file.clone(),
            ..config.clone()
        };
        let group = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        // In a folder read as `transcript`, each file is parsed by its own extension.
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let (text, enc) = match (format, ext.as_deref()) {
            (Format::Docx, _) | (Format::Transcript, Some("docx")) => {
                (super::docx::text(&file)?, "UTF-8".to_owned())
            }
            _ => super::read_text(&one)?,
        };
        encoding = enc;
        let turns = match (format, ext.as_deref()) {
            (Format::Vtt, _) | (Format::Transcript, Some("vtt")) => parse_cues(&text, true),
            (Format::Srt, _) | (Format::Transcript, Some("srt")) => parse_cues(&text, false),
            _ => parse_plain(&text),
        };
        if turns.is_empty() {
            return Err(Error::input(
                &file,
                None,
                None,
                "no speaker turns found".to_owned(),
            ));
        }
        for (k, turn) in turns.into_iter().enumerate() {
            super::check_field_size(&file, turn.line, "text", &turn.text)?;
            let (speaker, role) = if turn.speaker.is_empty() {
                (String::new(), "context")
            } else if roles.is_moderator(&turn.speaker)
                || pattern.as_ref().is_some_and(|p| p.is_match(&turn.speaker))
            {
                ("MOD".to_owned(), "moderator")
            } else {
                let next = format!("P{:02}", pseudonyms.len() + 1);
                let key = turn.speaker.to_lowercase();
                names.extend(name_forms(&turn.speaker));
                (pseudonyms.entry(key).or_insert(next).clone(), "participant")
            };
            context_only.push(role != "participant");
            records.push(Record {
                row: turn.line,
                id: format!("{group}-{:03}", k + 1),
                text: turn.text,
                meta: vec![
                    group.clone(),
                    speaker,
                    role.to_owned(),
                    turn.timestamp.unwrap_or_default(),
                ],
            });
        }
    }
    Ok(Dataset {
        source: config.path.clone(),
        format,
        encoding,
        meta_columns: crate::ingest::config::TRANSCRIPT_COLUMNS
            .map(str::to_owned)
            .to_vec(),
        records,
        context_only,
        speaker_names: names.into_iter().collect(),
    })
}

/// The forms of a participant's label that name a person: the label and, for a full name,
/// its first word (`Hannah Smith` → also `Hannah`). Labels with digits (`P3`, `Speaker 2`)
/// are ids, not names.
fn name_forms(label: &str) -> Vec<String> {
    let label = label.trim();
    if label.is_empty() || label.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut forms = vec![label.to_owned()];
    if let Some((first, _)) = label.split_once(' ') {
        if first.chars().count() > 1 && first.chars().all(char::is_alphabetic) {
            forms.push(first.to_owned());
        }
    }
    forms
}

/// One speaker turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// 1-based line where the turn starts.
    pub line: usize,
    /// Speaker label as written (empty for text before the first turn).
    pub speaker: String,
    /// Start time as written (`00:01:02`), when the source gives one.
    pub timestamp: Option<String>,
    pub text: String,
}

/// Longest speaker label accepted, in words: "Note: ..." style prose is not a speaker.
const MAX_SPEAKER_WORDS: usize = 4;

/// `(speaker, rest)` when the line opens with a speaker label.
fn speaker_label(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (name, rest) = (line[..colon].trim(), &line[colon + 1..]);
    let words = name.split_whitespace().count();
    let plausible = (1..=MAX_SPEAKER_WORDS).contains(&words)
        && name.len() <= 40
        && name.chars().next().is_some_and(|c| c.is_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-' | '_' | '(' | ')'))
        && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    plausible.then(|| (name, rest.trim()))
}

/// A leading `[hh:mm:ss]`, `(hh:mm:ss)` or `hh:mm:ss` (also `mm:ss`, with fractions) and the
/// rest of the line.
fn leading_timestamp(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let (inner, rest) = match trimmed.chars().next()? {
        '[' => trimmed[1..].split_once(']')?,
        '(' => trimmed[1..].split_once(')')?,
        _ => trimmed.split_once(char::is_whitespace)?,
    };
    is_time(inner.trim()).then(|| (inner.trim(), rest.trim_start()))
}

fn is_time(s: &str) -> bool {
    let main = s.split(['.', ',']).next().unwrap_or("");
    let parts: Vec<&str> = main.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Turns of a plain-text transcript.
pub fn parse_plain(text: &str) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let (timestamp, body) = match leading_timestamp(line) {
            Some((t, rest)) => (Some(t.to_owned()), rest),
            None => (None, line.trim_start()),
        };
        match speaker_label(body).filter(|_| !indented || timestamp.is_some()) {
            Some((speaker, rest)) => turns.push(Turn {
                line: i + 1,
                speaker: speaker.to_owned(),
                timestamp,
                text: rest.to_owned(),
            }),
            None => match turns.last_mut() {
                Some(turn) => {
                    if !turn.text.is_empty() {
                        turn.text.push(' ');
                    }
                    turn.text.push_str(body.trim());
                }
                None => turns.push(Turn {
                    line: i + 1,
                    speaker: String::new(),
                    timestamp,
                    text: body.trim().to_owned(),
                }),
            },
        }
    }
    turns
}

/// Turns of a WebVTT (`vtt = true`) or SRT file.
pub fn parse_cues(text: &str, vtt: bool) -> Vec<Turn> {
    let lines: Vec<&str> = text.lines().collect();
    let mut turns: Vec<Turn> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(arrow) = lines[i].find("-->") else {
            i += 1;
            continue;
        };
        let start = lines[i][..arrow].trim().replace(',', ".");
        let timing_line = i + 1;
        i += 1;
        let mut payload = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() {
            payload.push(lines[i].trim());
            i += 1;
        }
        if payload.is_empty() {
            continue;
        }
        let joined = payload.join(" ");
        let (voice, body) = if vtt {
            voice_tag(&joined)
        } else {
            (None, joined.clone())
        };
        let (speaker, body) = match (voice, speaker_label(&body)) {
            (Some(v), _) => (Some(v), body),
            (None, Some((name, rest))) => (Some(name.to_owned()), rest.to_owned()),
            (None, None) => (None, body),
        };
        let body = strip_tags(&body);
        let previous = turns.last().map(|t| t.speaker.clone());
        match (speaker, turns.last_mut()) {
            (speaker, Some(turn)) if speaker.is_none() || speaker == previous => {
                turn.text.push(' ');
                turn.text.push_str(&body);
            }
            (speaker, _) => turns.push(Turn {
                line: timing_line,
                speaker: speaker.unwrap_or_default(),
                timestamp: Some(start.split('.').next().unwrap_or("").to_owned()),
                text: body,
            }),
        }
    }
    turns
}

/// The speaker of a `<v Name>` (or `<v.class Name>`) tag and the text without it.
fn voice_tag(payload: &str) -> (Option<String>, String) {
    let Some(open) = payload.find("<v") else {
        return (None, payload.to_owned());
    };
    let after = &payload[open + 2..];
    if !after.starts_with([' ', '.']) {
        return (None, payload.to_owned());
    }
    let Some(close) = after.find('>') else {
        return (None, payload.to_owned());
    };
    let tag = &after[..close];
    let name = tag.split_once(' ').map_or("", |(_, n)| n).trim();
    let text = format!("{}{}", &payload[..open], &after[close + 1..]);
    ((!name.is_empty()).then(|| name.to_owned()), text)
}

/// Removes cue markup (`<i>`, `</v>`, `<c.yellow>`, `<00:00:01.000>`) and decodes the few
/// entities WebVTT defines.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderators_by_pattern_and_files_by_wildcard() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("g1.txt"),
            "Host: Welcome.\nHannah Smith: Late again.\nMod (Anna): Why?\nHannah Smith: The slot.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("g2.txt"), "Olu: Missing items.\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "Not a group.\n").unwrap();
        let config = crate::ingest::testutil::config(dir.path().join("g*.txt"), None, None, &[]);
        let roles = TranscriptConfig {
            moderator_pattern: Some("^host$".into()),
            ..TranscriptConfig::default()
        };
        let data = read(&config, Format::Transcript, &roles).unwrap();
        let speakers: Vec<(&str, &str)> = data
            .records
            .iter()
            .map(|r| (r.meta[1].as_str(), r.meta[2].as_str()))
            .collect();
        assert_eq!(
            speakers,
            [
                ("MOD", "moderator"),
                ("P01", "participant"),
                ("MOD", "moderator"),
                ("P01", "participant"),
                ("P02", "participant")
            ],
            "notes.txt is not matched; Host by pattern, Mod (Anna) by prefix"
        );
        assert_eq!(data.speaker_names, ["Hannah", "Hannah Smith", "Olu"]);
        let bad = TranscriptConfig {
            moderator_pattern: Some("(".into()),
            ..TranscriptConfig::default()
        };
        let e = read(&config, Format::Transcript, &bad).unwrap_err();
        assert!(
            e.to_string().contains("transcript.moderator_pattern"),
            "{e}"
        );
    }

    #[test]
    fn wildcards_match_whole_names() {
        assert!(wildcard_match("group-*.txt", "group-1-leeds.txt"));
        assert!(wildcard_match("*", "a"));
        assert!(wildcard_match("g?oup*", "group-2.vtt"));
        assert!(wildcard_match("*-leeds*", "group-1-leeds.txt"));
        assert!(!wildcard_match("group-*.txt", "group-1-leeds.vtt"));
        assert!(!wildcard_match("*.txt", "notes.txt.bak"));
    }

    #[test]
    fn participant_labels_that_are_names() {
        assert_eq!(name_forms("Hannah Smith"), ["Hannah Smith", "Hannah"]);
        assert_eq!(name_forms(" Olu "), ["Olu"]);
        assert!(name_forms("P3").is_empty());
        assert!(name_forms("Speaker 2").is_empty());
        assert_eq!(name_forms("J. Smith"), ["J. Smith"]);
    }

    #[test]
    fn plain_text_turns_in_common_forms() {
        let text = "Focus group 2, Leeds\n\
                    \n\
                    MODERATOR: Welcome everyone.\n\
                    [00:01:02] P3: The app keeps crashing\n\
                    \x20 when I pay, every time.\n\
                    00:01:30 Speaker 1: Same here.\n\
                    Sarah O'Neil: Note: prices went up.\n\
                    and the slots vanished\n";
        let turns = parse_plain(text);
        assert_eq!(turns.len(), 5, "{turns:#?}");
        assert_eq!((turns[0].speaker.as_str(), turns[0].line), ("", 1));
        assert_eq!(turns[1].speaker, "MODERATOR");
        assert_eq!(turns[2].speaker, "P3");
        assert_eq!(turns[2].timestamp.as_deref(), Some("00:01:02"));
        assert_eq!(
            turns[2].text,
            "The app keeps crashing when I pay, every time."
        );
        assert_eq!(turns[3].speaker, "Speaker 1");
        assert_eq!(turns[4].speaker, "Sarah O'Neil");
        assert_eq!(
            turns[4].text,
            "Note: prices went up. and the slots vanished"
        );
    }

    #[test]
    fn vtt_voice_tags_and_srt_prefixes() {
        let vtt = "WEBVTT\n\nNOTE made by hand\n\n1\n00:00:01.000 --> 00:00:04.000\n\
                   <v Moderator>What do you think of the drivers?</v>\n\n\
                   00:00:05.000 --> 00:00:07.500\n<v.loud Jo>Always <i>late</i> &amp; rude.\n\n\
                   00:00:08.000 --> 00:00:09.000\n<v Jo>Every week.\n";
        let turns = parse_cues(vtt, true);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].speaker, "Moderator");
        assert_eq!(turns[1].speaker, "Jo");
        assert_eq!(turns[1].text, "Always late & rude. Every week.");
        assert_eq!(turns[1].timestamp.as_deref(), Some("00:00:05"));

        let srt = "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: How was delivery?\n\n\
                   2\n00:00:04,000 --> 00:00:06,000\nAmir: Late again.\n\n\
                   3\n00:00:06,500 --> 00:00:08,000\nThe eggs were broken.\n";
        let turns = parse_cues(srt, false);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[1].speaker, "Amir");
        assert_eq!(turns[1].text, "Late again. The eggs were broken.");
        assert_eq!(turns[1].line, 6);
    }
}
