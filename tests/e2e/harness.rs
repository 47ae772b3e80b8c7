//! Starts what an end-to-end test needs, by itself, and cleans up after:
//! a private Xvfb display, `tauri-driver` (with WebKitWebDriver) on free
//! ports, and a temporary database the app is pointed at with `SITREP_DB`. The
//! user's real database is never touched.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A running app with its WebKit processes is heavy on a two-core machine,
/// so end-to-end tests take turns rather than starve each other.
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long to wait for the app or the window to reach an expected state.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A display, a driver and a database for one test.
pub struct Harness {
    _turn: MutexGuard<'static, ()>,
    xvfb: Child,
    driver: Child,
    driver_port: u16,
    display: String,
    db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// Starts Xvfb and tauri-driver; panics with what to install if they are missing.
    pub fn start() -> Self {
        Self::with_env(&[])
    }

    /// As [`Harness::start`], with extra environment for the app (e.g. a
    /// private D-Bus session).
    pub fn with_env(env: &[(&str, &str)]) -> Self {
        let turn = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("sitrep.db");
        let (xvfb, display) = start_xvfb(dir.path());
        let driver_port = free_port();
        let native_port = free_port();
        let driver = spawn_group(
            Command::new(tool("tauri-driver"))
                .args([
                    "--port",
                    &driver_port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display)
                .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
                .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
                // The app inherits this, so it never reaches the user's real database.
                .env("SITREP_DB", &db)
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit()),
            "tauri-driver (install it with `cargo install tauri-driver --locked`; `make test` does)",
        );
        wait_until("tauri-driver to listen", || {
            TcpStream::connect((Ipv4Addr::LOCALHOST, driver_port)).is_ok()
        });
        Self {
            _turn: turn,
            xvfb,
            driver,
            driver_port,
            display,
            db,
            _dir: dir,
        }
    }

    /// Launches the real `sitrep-desktop` on the test database and connects to its webview.
    pub async fn launch(&self) -> App {
        let caps = json!({ "tauri:options": { "application": desktop_binary() } });
        let caps = caps
            .as_object()
            .cloned()
            .expect("capabilities are an object");
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.driver_port))
            .await
            .expect("WebDriver session with sitrep-desktop");
        let app = App {
            client,
            group: self.driver.id(),
        };
        app.wait_for("the window to render", "nav[aria-label='Incidents']")
            .await;
        app
    }

    /// Presses a key chord (xdotool syntax, e.g. `ctrl+alt+i`) on the test
    /// display, as a user at the keyboard would, whichever window has focus.
    pub fn press_keys(&self, chord: &str) {
        let status = Command::new("xdotool")
            .args(["key", "--clearmodifiers", chord])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool (`make test` installs it)");
        assert!(status.success(), "xdotool key {chord} failed");
    }

    /// Runs `script` with bash inside a private D-Bus session
    /// (`dbus-run-session`) on the test display; `$APP` names the desktop
    /// binary, already pointed at the test database. Returns what it printed;
    /// fails if it takes longer than `limit`.
    pub fn in_private_session(&self, script: &str, limit: Duration) -> String {
        let out = Command::new("timeout")
            .arg(limit.as_secs().to_string())
            .args(["dbus-run-session", "--", "bash", "-c", script])
            .env("DISPLAY", &self.display)
            .env("SITREP_DB", &self.db)
            .env("APP", desktop_binary())
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stderr(Stdio::inherit())
            .output()
            .expect("dbus-run-session (install dbus; `make test` does)");
        assert!(
            out.status.success(),
            "the session script failed: {:?}",
            out.status
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs the real `sitrep` CLI on the test database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run sitrep")
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        for child in [&mut self.driver, &mut self.xvfb] {
            // Each was started as its own process group, so this also ends
            // WebKitWebDriver and any app it launched; all of it is disposable.
            let group = format!("-{}", child.id());
            let _ = Command::new("kill")
                .args(["-s", "KILL", "--", &group])
                .status();
            let _ = child.wait();
        }
    }
}

/// The running app, seen through its webview.
pub struct App {
    pub client: Client,
    /// The process group of tauri-driver, which the app is started in.
    group: u32,
}

impl App {
    /// Waits until `css` matches an element, or panics naming `what`.
    pub async fn wait_for(&self, what: &str, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("waited {PATIENCE:?} for {what} ({css}): {err}"))
    }

    /// Waits until the element matched by `css` has exactly the text `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                // innerText: what the page renders, without WebKitWebDriver's
                // visibility guess, which drops ellipsised text.
                last = element
                    .prop("innerText")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if last.contains(text) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("waited {PATIENCE:?} for {css} to show {text:?}; it showed {last:?}");
    }

    /// Clicks the element matched by `css`, once it is there.
    pub async fn click(&self, css: &str) {
        self.wait_for(css, css)
            .await
            .click()
            .await
            .unwrap_or_else(|err| panic!("cannot click {css}: {err}"));
    }

    /// Types `text` into the element matched by `css` (a trailing
    /// `\u{E007}` presses Enter).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css, css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("cannot type into {css}: {err}"));
    }

    /// Declares an incident through the window's declare form.
    pub async fn declare(&self, title: &str, severity: u8) {
        self.click("button.declare").await;
        self.type_into("#declare-title", title).await;
        self.click(&format!("label.severity.sev{severity}")).await;
        self.click("form.declare button[type='submit']").await;
        self.wait_for_text("#incident-title", title).await;
    }

    /// The rendered text of every element matched by `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find elements")
        {
            texts.push(
                element
                    .prop("innerText")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            );
        }
        texts
    }

    /// Closes the window (and so the app) and ends the session.
    pub async fn quit(self) {
        // Closing the window leaves Sitrep running in the tray, so end the
        // session, then quit the app as the tray's Quit would.
        let _ = self.client.close().await;
        let group = self.group.to_string();
        let _ = Command::new("pkill")
            .args(["-KILL", "-g", &group, "-x", "sitrep-desktop"])
            .status();
        wait_until("sitrep-desktop to quit", || {
            !Command::new("pgrep")
                .args(["-g", &group, "-x", "sitrep-desktop"])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
    }
}

/// The desktop binary under test, built by `make test` (or `cargo build -p sitrep-desktop`).
fn desktop_binary() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/sitrep-desktop");
    let path = std::env::var_os("SITREP_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or(path);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p sitrep-desktop` first (`make test` does)",
        path.display()
    );
    path
}

/// A program from PATH or cargo's bin folder.
fn tool(name: &str) -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin").join(name));
    cargo_bin
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Starts `command` as the leader of a new process group.
fn spawn_group(command: &mut Command, what: &str) -> Child {
    command
        .process_group(0)
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {what}: {err}"))
}

/// Starts Xvfb on a display number it picks itself (`-displayfd`), so
/// parallel runs and a developer's own display never collide.
fn start_xvfb(dir: &Path) -> (Child, String) {
    let number_file = dir.join("display");
    let script = format!(
        "exec Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>'{}'",
        number_file.display()
    );
    let child = spawn_group(
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
        "Xvfb (install the xvfb package; `make test` does)",
    );
    let mut number = String::new();
    wait_until("Xvfb to pick a display", || {
        number = std::fs::read_to_string(&number_file)
            .unwrap_or_default()
            .trim()
            .to_owned();
        !number.is_empty()
    });
    (child, format!(":{number}"))
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("waited {PATIENCE:?} for {what}");
}
