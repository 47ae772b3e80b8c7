//! The shell's wiring, checked on Tauri's mock runtime (no window): each IPC
//! command reaches the core through the app's real capabilities, and core
//! errors arrive as `{kind, message, field}`.

use serde_json::{Value, json};
use sitrep::{ManualClock, Store};
use sitrep_desktop::{AppState, app};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Fixture {
    window: WebviewWindow<MockRuntime>,
    _app: tauri::App<MockRuntime>,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(dir.path().join("sitrep.db")).expect("open store");
    let clock = ManualClock::new("2026-11-24T10:00:00Z".parse().expect("a time"));
    let app = app(mock_builder(), AppState::new(store, Box::new(clock)))
        .build(tauri::tauri_build_context!())
        .expect("build the app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    Fixture {
        window,
        _app: app,
        _dir: dir,
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().expect("JSON reply"))
}

#[test]
fn declaring_from_the_window_stores_the_incident_and_lists_it() {
    let f = fixture();
    let declared = invoke(
        &f.window,
        "declare_incident",
        json!({"input": {"title": "Validators offline", "severity": 1}}),
    )
    .expect("declared");
    assert_eq!(declared["id"], "INC-1");
    assert_eq!(declared["declared_at"], "2026-11-24T10:00:00Z");
    assert_eq!(declared["timeline"][0]["kind"], "declared");

    let listed = invoke(&f.window, "list_incidents", json!({})).expect("listed");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["title"], "Validators offline");

    let shown = invoke(&f.window, "show_incident", json!({"id": "INC-1"})).expect("shown");
    assert_eq!(shown["severity"], 1);
}

#[test]
fn a_refused_declaration_names_the_field_and_stores_nothing() {
    let f = fixture();
    let err = invoke(
        &f.window,
        "declare_incident",
        json!({"input": {"title": "Signer down", "severity": 7}}),
    )
    .expect_err("severity 7 is refused");
    assert_eq!(err["kind"], "bad_input");
    assert_eq!(err["field"], "severity");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("got 7")),
        "{err}"
    );
    assert_eq!(
        invoke(&f.window, "list_incidents", json!({})).expect("listed"),
        json!([])
    );
}

#[test]
fn an_unknown_incident_is_a_bad_input_error() {
    let f = fixture();
    let err =
        invoke(&f.window, "show_incident", json!({"id": "INC-9"})).expect_err("no such incident");
    assert_eq!(err["kind"], "bad_input");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("INC-9")),
        "{err}"
    );
}

#[test]
fn commands_the_capabilities_do_not_list_are_refused() {
    let f = fixture();
    assert!(
        invoke(
            &f.window,
            "plugin:fs|read_file",
            json!({"path": "/etc/passwd"})
        )
        .is_err()
    );
}
