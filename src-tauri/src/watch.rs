//! Notices writes made by other processes (the CLI, a script) and tells the
//! window to refresh, so an incident declared from a terminal appears
//! without a manual reload. The database's folder is watched (inotify on
//! Linux): another process's commit writes the WAL, and the database's
//! change counter then says whether the write was someone else's. Nothing
//! is polled faster than the reminder loop's 30 s; where the folder cannot
//! be watched, the counter is read every second instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;
use sitrep::IncidentKey;
use sitrep::store::TimelineMark;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use ts_rs::TS;

/// The event the window listens to, with a [`StoreChange`].
pub const STORE_CHANGED: &str = "store-changed";

/// What another process changed, so the window reloads only that.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StoreChange {
    /// The incidents it wrote to (each write to an incident records a
    /// timeline entry); `null` when it wrote to none — the directory, the
    /// policies, the plans or the settings — so everything is read again.
    pub incidents: Option<Vec<IncidentKey>>,
}

/// Where the database stood when last read: its change counter and its timelines.
type Seen = Option<(i64, TimelineMark)>;

/// How long a burst of file events is let settle before the counter is read.
const SETTLE: Duration = Duration::from_millis(50);

/// When the counter is read again after a burst: a commit makes itself
/// visible only after its last WAL write (and fsync), so a read right after
/// the events may still see the old state.
const RECHECK: Duration = Duration::from_millis(500);

/// How often the counter is read with no file event at all: a safety net,
/// no more often than the reminder loop wakes by itself.
const SAFETY_NET: Duration = Duration::from_secs(30);

/// How often the counter is read where the folder cannot be watched.
const FALLBACK_INTERVAL: Duration = Duration::from_secs(1);

/// The watcher as a plugin, so it starts with any app, the mock one included.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("store-watch")
        .setup(|app, _api| {
            spawn(app.clone());
            Ok(())
        })
        .build()
}

/// Starts the watcher on Tauri's async runtime.
fn spawn<R: Runtime>(app: AppHandle<R>) {
    let db = crate::state(&app)
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .path()
        .to_owned();
    let mut seen = now_seen(&app);
    match watch_folder(&db) {
        Ok((watcher, mut events)) => {
            tauri::async_runtime::spawn(async move {
                // Dropping the watcher would stop the events.
                let _watcher = watcher;
                loop {
                    let recheck = tokio::select! {
                        event = events.recv() => {
                            if event.is_none() {
                                break;
                            }
                            tokio::time::sleep(SETTLE).await;
                            while events.try_recv().is_ok() {}
                            true
                        }
                        _ = tokio::time::sleep(SAFETY_NET) => false,
                    };
                    check(&app, &mut seen);
                    if recheck {
                        tokio::time::sleep(RECHECK).await;
                        check(&app, &mut seen);
                    }
                }
            });
        }
        Err(err) => {
            log::warn!(
                "cannot watch {} ({err}); checking it for outside changes every second",
                db.display()
            );
            tauri::async_runtime::spawn(async move {
                loop {
                    tokio::time::sleep(FALLBACK_INTERVAL).await;
                    check(&app, &mut seen);
                }
            });
        }
    }
}

/// Watches the folder of `db` for writes to the database or its WAL; each
/// one sends a unit on the returned channel.
fn watch_folder(db: &Path) -> notify::Result<(RecommendedWatcher, UnboundedReceiver<()>)> {
    let (send, receive) = unbounded_channel();
    let name = db.file_name().unwrap_or_default().to_owned();
    let wal = {
        let mut wal = name.clone();
        wal.push("-wal");
        wal
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let written = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        let ours = |p: &PathBuf| p.file_name().is_some_and(|f| f == name || f == wal);
        if written && event.paths.iter().any(ours) {
            let _ = send.send(());
        }
    })?;
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty());
    watcher.watch(
        folder.unwrap_or(Path::new(".")),
        RecursiveMode::NonRecursive,
    )?;
    Ok((watcher, receive))
}

/// The database's change counter, if it can be read.
fn data_version<R: Runtime>(app: &AppHandle<R>) -> Option<i64> {
    let version = crate::state(app)
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .data_version();
    version
        .inspect_err(|err| log::error!("cannot read the database change counter: {err}"))
        .ok()
}

/// Where the database stands now, if it can be read.
fn now_seen<R: Runtime>(app: &AppHandle<R>) -> Seen {
    let mark = crate::state(app)
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .timeline_mark()
        .inspect_err(|err| log::error!("cannot read the timelines: {err}"))
        .ok()?;
    Some((data_version(app)?, mark))
}

/// What changed since `mark`: the incidents given timeline entries, or none
/// known (read everything again); and the mark to read from next.
fn touched<R: Runtime>(app: &AppHandle<R>, mark: TimelineMark) -> (StoreChange, TimelineMark) {
    let state = crate::state(app);
    // What this app wrote itself is no news to its window.
    let own = *state.own_mark.lock().unwrap_or_else(|e| e.into_inner());
    let mark = own.map_or(mark, |own| own.max(mark));
    let read = state
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .touched_since(mark);
    match read {
        Ok((keys, next)) => (
            StoreChange {
                incidents: (!keys.is_empty()).then_some(keys),
            },
            next,
        ),
        Err(err) => {
            log::error!("cannot read what changed: {err}");
            (StoreChange { incidents: None }, mark)
        }
    }
}

/// Tells the window (what changed) and the reminder loop if another
/// process changed the database since `seen`.
fn check<R: Runtime>(app: &AppHandle<R>, seen: &mut Seen) {
    let Some(version) = data_version(app) else {
        return;
    };
    let Some((before, mark)) = *seen else {
        *seen = now_seen(app);
        return;
    };
    if before == version {
        return;
    }
    let (change, next) = touched(app, mark);
    *seen = Some((version, next));
    crate::state(app).wake.now();
    if let Err(err) = app.emit(STORE_CHANGED, change) {
        log::error!("cannot tell the window about a change: {err}");
    }
}
