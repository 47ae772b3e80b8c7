//! Starts what an end-to-end test needs, by itself, and cleans up after:
//! a private Xvfb display, a private D-Bus session bus, `tauri-driver` (with
//! WebKitWebDriver) on free ports, a temporary database the app is pointed
//! at with `SITREP_DB`, and a temporary home folder. The user's real
//! database, home and desktop are never touched.
//!
//! Every process it starts leads its own process group and is killed with
//! it, and none shares a pipe with the test: nothing can outlive a test or
//! keep it waiting.

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

/// A display, a session bus, a driver and a database for one test.
/// The desktop theme the app runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

pub struct Harness {
    // Fields drop in order: the driver (and any app it launched) before the
    // display and the bus they use, and the next test's turn comes last.
    driver: Group,
    driver_port: u16,
    _xvfb: Group,
    display: String,
    bus: PrivateBus,
    db: PathBuf,
    home: PathBuf,
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Harness {
    /// Starts Xvfb, a private session bus and tauri-driver; panics with what
    /// to install if they are missing.
    pub fn start() -> Self {
        Self::start_themed(Theme::Light)
    }

    /// As [`Harness::start`], the app in the given GTK theme (the webview's
    /// `prefers-color-scheme` follows it).
    pub fn start_themed(theme: Theme) -> Self {
        let turn = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("sitrep.db");
        let home = dir.path().join("home");
        std::fs::create_dir(&home).expect("a home folder for the app");
        let (xvfb, display) = start_xvfb(dir.path());
        let bus = PrivateBus::start(dir.path());
        let driver_port = free_port();
        let native_port = free_port();
        let mut driver = Command::new(tool("tauri-driver"));
        driver.args([
            "--port",
            &driver_port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ]);
        if theme == Theme::Dark {
            driver.env("GTK_THEME", "Adwaita:dark");
        }
        let driver = Group::spawn(
            // The app inherits this environment: the test display, bus and database.
            desktop_env(&mut driver, &display, &bus, &db, &home),
            "tauri-driver (install it with `cargo install tauri-driver --locked`; `make test` does)",
        );
        wait_until("tauri-driver to listen", || {
            TcpStream::connect((Ipv4Addr::LOCALHOST, driver_port)).is_ok()
        });
        Self {
            driver,
            driver_port,
            _xvfb: xvfb,
            display,
            bus,
            db,
            home,
            _dir: dir,
            _turn: turn,
        }
    }

    /// Starts dunst, a real notification daemon, on the test display and
    /// bus, and waits until it answers.
    pub fn start_dunst(&self) -> Group {
        let mut dunst = Command::new("dunst");
        let dunst = Group::spawn(
            desktop_env(&mut dunst, &self.display, &self.bus, &self.db, &self.home),
            "dunst (`make test` installs it)",
        );
        wait_until("dunst to answer", || {
            self.dunstctl_command(&["is-paused"])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        dunst
    }

    /// What `dunstctl` prints for `args`, asked on the test bus.
    pub fn dunstctl(&self, args: &[&str]) -> String {
        let out = self
            .dunstctl_command(args)
            .output()
            .expect("dunstctl (`make test` installs dunst)");
        assert!(out.status.success(), "dunstctl {args:?} failed: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn dunstctl_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("dunstctl");
        command
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .stdin(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Starts the real `sitrep-desktop` directly, without WebDriver, on the
    /// test display, bus and database (as `make run` would, on the real ones).
    pub fn spawn_app(&self) -> Group {
        self.spawn_program(&desktop_binary(), &[])
    }

    /// Starts `program` with `args` directly, as a login entry would, on
    /// the test display, bus, database and home folder.
    pub fn spawn_program(&self, program: &Path, args: &[&str]) -> Group {
        let mut app = Command::new(program);
        app.args(args);
        Group::spawn(
            desktop_env(&mut app, &self.display, &self.bus, &self.db, &self.home),
            &program.display().to_string(),
        )
    }

    /// Launches the real `sitrep-desktop` on the test database and connects to its webview.
    pub async fn launch(&self) -> App {
        self.launch_with(&[], "nav[aria-label='Incidents']").await
    }

    /// Launches the real `sitrep-desktop` with `args` and connects to its
    /// webview once `ready` (a CSS selector) matches.
    pub async fn launch_with(&self, args: &[&str], ready: &str) -> App {
        self.launch_binary(&desktop_binary(), args, ready).await
    }

    /// Launches `binary` (a Tauri app) with `args` and connects to its
    /// webview once `ready` (a CSS selector) matches.
    pub async fn launch_binary(&self, binary: &Path, args: &[&str], ready: &str) -> App {
        let caps = json!({ "tauri:options": { "application": binary, "args": args } });
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
            name: binary
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        app.wait_for("the window to render", ready).await;
        app
    }

    /// Presses a key chord (xdotool syntax, e.g. `ctrl+alt+i`) on the test
    /// display, as a user at the keyboard would, whichever window has focus.
    pub fn press_keys(&self, chord: &str) {
        self.xdotool(&["key", "--clearmodifiers", chord]);
    }

    /// Focuses Sitrep's window and presses Ctrl+W, as a user closing it to
    /// the tray, until it is closed (the page may still be loading).
    pub fn close_window_with_ctrl_w(&self) {
        wait_until("Ctrl+W to close the window", || {
            self.press_in_window("ctrl+w");
            std::thread::sleep(Duration::from_millis(400));
            !self.window_visible()
        });
    }

    /// Focuses Sitrep's window, if it shows, and presses `chord` there once.
    pub fn press_in_window(&self, chord: &str) {
        let _ = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Sitrep$"])
            .args(["windowfocus", "--sync", "key", "--clearmodifiers", chord])
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// Whether a Sitrep window is showing on the test display.
    pub fn window_visible(&self) -> bool {
        Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Sitrep$"])
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .status()
            .expect("xdotool (`make test` installs it)")
            .success()
    }

    /// Runs `xdotool` with `args` on the test display.
    pub fn xdotool(&self, args: &[&str]) {
        let status = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .status()
            .expect("xdotool (`make test` installs it)");
        assert!(status.success(), "xdotool {args:?} failed");
    }

    /// The app's home folder (its settings, logs and login entry go there).
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The test's database, which `launch` opens.
    pub fn db(&self) -> &std::path::Path {
        &self.db
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

/// The running app, seen through its webview.
pub struct App {
    pub client: Client,
    /// The process group of tauri-driver, which the app is started in.
    group: u32,
    /// The app's process name.
    name: String,
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

    /// Clicks the element matched by `css`, once it is there. The page may
    /// redraw it between finding and clicking (a reload after a change), so
    /// a failed click finds it again, as a user's next click would.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let err = match self.wait_for(css, css).await.click().await {
                Ok(_) => return,
                Err(err) => err,
            };
            if Instant::now() >= deadline {
                panic!("cannot click {css}: {err}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the window to `width` × `height` and waits for the page to
    /// lay itself out at that size.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|err| panic!("cannot resize to {width}×{height}: {err}"));
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.script("return innerWidth").await == json!(width) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page never became {width} px wide");
    }

    /// A PNG of what the webview shows.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client
            .screenshot()
            .await
            .unwrap_or_else(|err| panic!("cannot take a screenshot: {err}"))
    }

    /// Runs `script` in the page and returns what it returned.
    pub async fn script(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|err| panic!("cannot run {script}: {err}"))
    }

    /// Empties the field matched by `css`.
    pub async fn clear(&self, css: &str) {
        self.wait_for(css, css)
            .await
            .clear()
            .await
            .unwrap_or_else(|err| panic!("cannot clear {css}: {err}"));
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

    /// The process id of `sitrep-desktop`.
    pub fn pid(&self) -> u32 {
        let out = Command::new("pgrep")
            .args(["-g", &self.group.to_string(), "-x", &self.name])
            .output()
            .expect("pgrep (`make test` installs procps)");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("one {} process", self.name))
    }

    /// Closes the window (and so the app) and ends the session.
    pub async fn quit(self) {
        // Closing the window leaves Sitrep running in the tray, so end the
        // session, then quit the app as the tray's Quit would.
        let pid = self.pid();
        let _ = self.client.close().await;
        let _ = Command::new("kill")
            .args(["-s", "KILL", &pid.to_string()])
            .status();
        wait_until("the app to quit", || {
            !Path::new(&format!("/proc/{pid}")).exists()
        });
    }
}

/// The desktop binary under test, built by `make test` (or `cargo build -p sitrep-desktop`).
pub fn desktop_binary() -> PathBuf {
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

/// Points a desktop process at the test display, bus, database and home
/// folder (the user's own is never touched), with the WebKit settings a
/// display without GPU needs.
fn desktop_env<'c>(
    command: &'c mut Command,
    display: &str,
    bus: &PrivateBus,
    db: &Path,
    home: &Path,
) -> &'c mut Command {
    command
        .env("DISPLAY", display)
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("SITREP_DB", db)
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        // No accessibility bus runs on the private bus; don't ask for one.
        .env("NO_AT_BRIDGE", "1")
}

/// A process started as the leader of its own process group, with no pipe
/// to the test; dropping it kills the whole group.
pub struct Group(Child);

impl Group {
    fn spawn(command: &mut Command, what: &str) -> Self {
        command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .map(Self)
            .unwrap_or_else(|err| panic!("cannot start {what}: {err}"))
    }

    /// The process id, which is also the group id.
    pub fn id(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .status();
        let _ = self.0.wait();
    }
}

/// A private D-Bus session bus that starts no service on demand, so what
/// runs on it is exactly what a test started: no portals, no accessibility
/// bus, and no notification daemon unless the test starts dunst.
struct PrivateBus {
    _daemon: Group,
    address: String,
}

impl PrivateBus {
    fn start(dir: &Path) -> Self {
        let socket = dir.join("bus.socket");
        let config = dir.join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                socket.display()
            ),
        )
        .expect("write the bus config");
        let daemon = Group::spawn(
            Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .arg("--nofork")
                .stderr(Stdio::null()),
            "dbus-daemon (`make test` installs dbus)",
        );
        wait_until("dbus-daemon to listen", || socket.exists());
        Self {
            _daemon: daemon,
            address: format!("unix:path={}", socket.display()),
        }
    }
}

/// Starts Xvfb on a display number it picks itself (`-displayfd`), so
/// parallel runs and a developer's own display never collide.
fn start_xvfb(dir: &Path) -> (Group, String) {
    let number_file = dir.join("display");
    let script = format!(
        // Room for a full-HD window (the screenshots); the app opens at its own size.
        "exec Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>'{}'",
        number_file.display()
    );
    let xvfb = Group::spawn(
        Command::new("sh")
            .arg("-c")
            .arg(script)
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
    (xvfb, format!(":{number}"))
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Checks `ready` every 100 ms until it holds, or panics after [`PATIENCE`] naming `what`.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("waited {PATIENCE:?} for {what}");
}
