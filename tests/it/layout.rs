//! The source layout ARCHITECTURE.md promises: no import circle between modules (a module may
//! use its parent and its children, never a module that uses it back), and no source file
//! over 800 lines.

use crate::common::repo;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Module = Vec<String>;

/// Every `.rs` file under `dir` as (module path, text), `mod.rs` standing for its folder.
fn modules(dir: &Path, path: &Module, out: &mut BTreeMap<Module, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap().path();
        let name = entry.file_stem().unwrap().to_string_lossy().into_owned();
        if entry.is_dir() {
            modules(&entry, &[path.clone(), vec![name]].concat(), out);
        } else if entry.extension().is_some_and(|e| e == "rs") {
            let module = match name.as_str() {
                "mod" | "lib" | "main" => path.clone(),
                _ => [path.clone(), vec![name]].concat(),
            };
            out.insert(module, fs::read_to_string(&entry).unwrap());
        }
    }
}

/// `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_owned()];
    };
    let (head, body) = (&tree[..open], &tree[open + 1..tree.rfind('}').unwrap()]);
    let (mut items, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in body.chars() {
        match c {
            ',' if depth == 0 => items.push(std::mem::take(&mut current)),
            '{' | '}' => {
                depth += if c == '{' { 1 } else { -1 };
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    items.push(current);
    items
        .iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(i))
        .map(|tail| format!("{head}{tail}"))
        .collect()
}

/// The crate-relative paths a module's code (tests left out) names.
fn paths(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap();
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for statement in code.split(';') {
        // A `use` item starts a line, perhaps after `pub` or `pub(crate)`.
        let item = statement.lines().map(str::trim).find_map(|line| {
            let line = line.strip_prefix("pub").map_or(line, |rest| {
                rest.trim_start_matches(|c| c != ' ').trim_start()
            });
            line.strip_prefix("use ")
        });
        if let Some(first) = item {
            let rest = &statement[statement.find(first).unwrap()..];
            let tree: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
            if tree.matches('{').count() == tree.matches('}').count() {
                out.extend(expand(&tree));
            }
        }
    }
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let path: String = code[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.push(path);
    }
    out
}

/// The crate: its modules and what each re-exports (`pub use child::Item`) by name.
struct Crate {
    known: BTreeSet<Module>,
    exports: BTreeMap<Module, BTreeMap<String, String>>,
}

impl Crate {
    /// The module that defines what a path used in `from` names: the longest prefix that is a
    /// module, followed through re-exports to where the item is defined.
    fn target(&self, from: &Module, path: &str) -> Option<Module> {
        let mut parts = path.split("::").filter(|p| !p.is_empty()).peekable();
        let mut at: Module = match *parts.peek()? {
            "crate" => Vec::new(),
            "super" => {
                let mut parent = from.clone();
                parent.pop();
                parent
            }
            "self" => from.clone(),
            child
                if self
                    .known
                    .contains(&[from.clone(), vec![child.into()]].concat()) =>
            {
                from.clone()
            }
            _ => return None,
        };
        parts.next_if(|p| matches!(*p, "crate" | "self" | "super"));
        let mut rest: Vec<&str> = Vec::new();
        for part in parts {
            match part {
                "super" if rest.is_empty() => {
                    at.pop();
                }
                "*" => {}
                _ if rest.is_empty()
                    && self
                        .known
                        .contains(&[at.clone(), vec![part.into()]].concat()) =>
                {
                    at.push(part.to_owned())
                }
                _ => rest.push(part),
            }
        }
        let export = rest
            .first()
            .and_then(|item| self.exports.get(&at)?.get(*item));
        match export {
            Some(path) if !path.is_empty() => self.target(&at, path).or(Some(at)),
            _ => (!at.is_empty()).then_some(at),
        }
    }
}

/// Items a module re-exports by name, with the path they come from.
fn exports(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        let Some(tree) = ["pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
        else {
            continue;
        };
        let tree: String = tree
            .trim_end_matches(';')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if tree.matches('{').count() != tree.matches('}').count() {
            continue;
        }
        for path in expand(&tree) {
            let name = path.rsplit("::").next().unwrap_or_default().to_owned();
            out.insert(name, path);
        }
    }
    out
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut all = BTreeMap::new();
    modules(&repo().join("src"), &Vec::new(), &mut all);
    let krate = Crate {
        known: all.keys().cloned().collect(),
        exports: all
            .iter()
            .map(|(m, text)| (m.clone(), exports(text)))
            .collect(),
    };
    let mut edges: BTreeMap<&Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, text) in &all {
        for path in paths(text) {
            let Some(to) = krate.target(module, &path) else {
                continue;
            };
            // A module and its own ancestors or descendants are one unit.
            if !to.starts_with(module) && !module.starts_with(&to) {
                edges.entry(module).or_default().insert(to);
            }
        }
    }
    let reaches = |from: &Module, to: &Module| {
        let (mut seen, mut stack) = (BTreeSet::new(), vec![from.clone()]);
        while let Some(m) = stack.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        false
    };
    let circles: Vec<String> = edges
        .iter()
        .flat_map(|(from, tos)| tos.iter().map(move |to| (*from, to)))
        .filter(|(from, to)| reaches(to, from))
        .map(|(from, to)| format!("{} -> {}", from.join("::"), to.join("::")))
        .collect();
    assert!(circles.is_empty(), "imports on a circle: {circles:#?}");
}

#[test]
fn no_source_file_is_over_800_lines() {
    let mut all = BTreeMap::new();
    modules(&repo().join("src"), &Vec::new(), &mut all);
    let long: Vec<String> = all
        .iter()
        .filter(|(_, text)| text.lines().count() > 800)
        .map(|(module, text)| format!("{} ({} lines)", module.join("::"), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these: {long:?}");
}
