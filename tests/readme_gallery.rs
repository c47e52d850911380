//! The README's error gallery shows each compile-time check with its exact error: every error
//! line of every `.stderr` snapshot in `tests/ui/` must appear in the README word for word, so
//! that the gallery cannot drift from what the compiler prints.

use std::fs;
use std::path::Path;

fn snapshots(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            snapshots(&path, out);
        } else if path.extension().is_some_and(|e| e == "stderr") {
            out.push(path);
        }
    }
}

#[test]
fn every_snapshot_error_is_in_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let mut files = Vec::new();
    snapshots(&root.join("tests/ui"), &mut files);
    files.sort();
    let mut missing = Vec::new();
    let mut errors = 0;
    for file in &files {
        for line in fs::read_to_string(file).unwrap().lines().filter(|l| l.starts_with("error")) {
            errors += 1;
            if !readme.contains(line) {
                missing.push(format!("{}: {line}", file.strip_prefix(root).unwrap().display()));
            }
        }
    }
    // the walk found the snapshots (they hold about 80 error lines)
    assert!(errors >= 70, "found only {errors} error lines in {} snapshots", files.len());
    assert!(missing.is_empty(), "error lines missing from the README's gallery:\n{}", missing.join("\n"));
}

/// The README's list of differentiable methods is the list of rule types in
/// `autodiff::ops`, in the same order: adding a rule without listing it (or the reverse) fails.
#[test]
fn the_readme_lists_every_differentiable_method() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let line = readme
        .lines()
        .find_map(|l| l.strip_prefix("differentiable methods: "))
        .expect("the README has a line `differentiable methods: `...``");
    let listed: Vec<&str> = line.trim().trim_matches('`').split_whitespace().collect();
    let rules: Vec<&str> = typed_tensor::autodiff::ops::methods().collect();
    assert_eq!(listed, rules, "the README's list differs from the rule types in autodiff::ops");
}
