//! Watching the site's inputs: notify events → one debounced [`Change`] per save.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::{CONFIG_FILE, DirsConfig};
use crate::error::{Error, Result};

/// Quiet time that ends a burst of events (an editor's temp-write-rename save). Its
/// events come microseconds apart; 15 ms leaves room for a busy machine.
const QUIET: Duration = Duration::from_millis(15);
/// Quiet time while only stylesheets have changed: a second swap would be harmless, and
/// restyling is the loop where waiting shows most.
const QUIET_CSS: Duration = Duration::from_millis(8);
/// Longest a burst may last before we rebuild anyway.
const MAX_BURST: Duration = Duration::from_millis(1000);
/// How often the watcher thread looks at the shutdown flag.
const POLL: Duration = Duration::from_millis(100);

/// What kinds of input changed in one burst of events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// site.toml changed.
    pub config: bool,
    /// A seed was added, changed, renamed or removed.
    pub seeds: bool,
    /// A template changed.
    pub templates: bool,
    /// A static file changed.
    pub static_files: bool,
    /// Every static change was to a `.css` file.
    pub css_only: bool,
    /// The files concerned, relative to the root (as the system names them: a name that
    /// is not UTF-8 stays exact).
    pub paths: Vec<PathBuf>,
}

impl Change {
    /// True when nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !(self.config || self.seeds || self.templates || self.static_files)
    }

    /// A short description for the terminal.
    pub fn describe(&self) -> String {
        let mut shown: Vec<String> = self
            .paths
            .iter()
            .take(3)
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if self.paths.len() > 3 {
            shown.push("…".into());
        }
        shown.join(", ")
    }
}

/// Which input a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Config,
    Seed,
    Template,
    Static,
}

/// The watched folders of a site.
pub struct Watched {
    root: PathBuf,
    seeds: PathBuf,
    templates: PathBuf,
    static_files: PathBuf,
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

impl Watched {
    /// Starts watching site.toml, seeds/, templates/ and static/ (subfolders included).
    pub fn start(root: &Path, dirs: &DirsConfig) -> Result<Watched> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| notify_error(&root, e))?;
        // The root itself non-recursively (site.toml, and input folders created later);
        // never recursively, so the output folder and target/ cannot trigger builds.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| notify_error(&root, e))?;
        let mut watched = Watched {
            seeds: root.join(&dirs.seeds),
            templates: root.join(&dirs.templates),
            static_files: root.join(&dirs.static_files),
            root,
            _watcher: watcher,
            events,
        };
        for dir in [
            watched.seeds.clone(),
            watched.templates.clone(),
            watched.static_files.clone(),
        ] {
            if dir.is_dir() {
                watched
                    ._watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| notify_error(&dir, e))?;
            }
        }
        Ok(watched)
    }

    fn classify(&self, path: &Path) -> Option<Input> {
        if crate::sources::is_editor_temp(path) {
            return None;
        }
        if path == self.root.join(CONFIG_FILE) {
            return Some(Input::Config);
        }
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            return None;
        }
        if path.starts_with(&self.seeds) {
            Some(Input::Seed)
        } else if path.starts_with(&self.templates) {
            Some(Input::Template)
        } else if path.starts_with(&self.static_files) {
            Some(Input::Static)
        } else {
            None
        }
    }

    /// Blocks until a burst of relevant events has settled; `None` once `stop` is set.
    pub fn next_change(&mut self, stop: &AtomicBool) -> Option<Change> {
        loop {
            let burst = self.next_burst(stop)?;
            let change = burst.into_change(&self.root);
            if !change.is_empty() {
                return Some(change);
            }
        }
    }

    /// The events of one burst: waits for the first relevant one, then gathers the rest.
    fn next_burst(&mut self, stop: &AtomicBool) -> Option<Burst> {
        let mut burst = Burst::default();
        while burst.inputs.is_empty() {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            match self.events.recv_timeout(POLL) {
                Ok(Ok(event)) => self.note_event(&event, &mut burst),
                Ok(Err(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // Then gather the rest of the burst: one save is often write + rename + chmod.
        let started = Instant::now();
        loop {
            let left = MAX_BURST.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            let quiet = if burst.css_only() { QUIET_CSS } else { QUIET };
            match self.events.recv_timeout(quiet.min(left)) {
                Ok(Ok(event)) => self.note_event(&event, &mut burst),
                Ok(Err(_)) => {}
                Err(_) => break,
            }
        }
        Some(burst)
    }

    fn note_event(&mut self, event: &notify::Event, burst: &mut Burst) {
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let created = matches!(event.kind, EventKind::Create(_));
        for path in &event.paths {
            if created {
                burst.created.insert(path.clone());
            }
            self.note(path, burst);
        }
    }

    fn note(&mut self, path: &Path, burst: &mut Burst) {
        let Some(kind) = self.classify(path) else {
            return;
        };
        if path.is_dir() {
            // An input folder created after start gets its own recursive watch.
            let is_input_dir =
                [&self.seeds, &self.templates, &self.static_files].contains(&&path.to_path_buf());
            if is_input_dir {
                let _ = self._watcher.watch(path, RecursiveMode::Recursive);
            }
            // A new empty folder changes nothing; one moved in with files does.
            let empty = std::fs::read_dir(path)
                .map(|mut d| d.next().is_none())
                .unwrap_or(true);
            if empty {
                return;
            }
        }
        if burst.seen.insert(path.to_path_buf()) {
            burst.inputs.push((path.to_path_buf(), kind));
        }
    }
}

/// The input paths one burst of events touched, each once, in the order first seen.
#[derive(Default)]
struct Burst {
    inputs: Vec<(PathBuf, Input)>,
    seen: HashSet<PathBuf>,
    /// Paths created during the burst: one that is gone again by its end was an
    /// editor's temporary file (`sed -i`'s `sedXXXXXX`, vim's `4913`), not an input.
    created: HashSet<PathBuf>,
}

impl Burst {
    /// True while every input touched so far is a stylesheet.
    fn css_only(&self) -> bool {
        !self.inputs.is_empty()
            && self
                .inputs
                .iter()
                .all(|(p, k)| *k == Input::Static && is_css(p))
    }

    /// The change the burst made, transient files left out.
    fn into_change(self, root: &Path) -> Change {
        let mut change = Change {
            css_only: true,
            ..Change::default()
        };
        for (path, kind) in self.inputs {
            let transient = self.created.contains(&path) && path.symlink_metadata().is_err();
            if transient {
                continue;
            }
            match kind {
                Input::Config => change.config = true,
                Input::Seed => change.seeds = true,
                Input::Template => change.templates = true,
                Input::Static => {
                    change.static_files = true;
                    change.css_only &= is_css(&path);
                }
            }
            change
                .paths
                .push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
        change
    }
}

fn is_css(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "css")
}

fn notify_error(path: &Path, e: notify::Error) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: format!("cannot watch for changes: {e}"),
    }
}
