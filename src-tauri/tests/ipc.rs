//! The shell's wiring, checked on Tauri's mock runtime (no window): each IPC
//! command reaches the core through the app's real capabilities, and core
//! errors arrive as `{kind, message, field}`.

use serde_json::{Value, json};
use sitrep::{ManualClock, Store};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use sitrep_desktop::{AppState, Ask, Files, TrayLines, app};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager, WebviewWindow, WebviewWindowBuilder};

struct Fixture {
    window: WebviewWindow<MockRuntime>,
    app: tauri::App<MockRuntime>,
    dir: tempfile::TempDir,
    /// What the next file dialog answers, as the user would pick; `None` cancels.
    pick: Arc<Mutex<Option<PathBuf>>>,
}

impl Fixture {
    /// The user will pick `file` in the next file dialog.
    fn will_pick(&self, file: impl Into<PathBuf>) {
        *self.pick.lock().expect("the pick") = Some(file.into());
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(dir.path().join("sitrep.db")).expect("open store");
    let clock = ManualClock::new("2026-11-24T10:00:00Z".parse().expect("a time"));
    let app = app(mock_builder(), AppState::new(store, Box::new(clock)))
        .build(tauri::tauri_build_context!())
        .expect("build the app");
    let pick = Arc::new(Mutex::new(None));
    let answer = Arc::clone(&pick);
    app.manage(Files::answering(move |_: Ask<'_>| {
        answer.lock().expect("the pick").take()
    }));
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    Fixture {
        window,
        app,
        dir,
        pick,
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

/// Declares INC-1, a SEV1, from the window.
fn declare_sev1(window: &WebviewWindow<MockRuntime>) {
    invoke(
        window,
        "declare_incident",
        json!({"input": {"title": "Signer down", "severity": 1}}),
    )
    .expect("declared");
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

#[test]
fn the_lifecycle_commands_reach_the_core() {
    let f = fixture();
    let declare = json!({"input": {"title": "Signer down", "severity": 1, "kind": "remote-signer-unreachable"}});
    invoke(&f.window, "declare_incident", declare).expect("declared");
    let id = json!("INC-1");
    invoke(
        &f.window,
        "assign_role",
        json!({"id": id, "input": {"role": "commander", "person": "Ana"}}),
    )
    .expect("role");
    invoke(
        &f.window,
        "add_note",
        json!({"id": id, "input": {"text": "signer TLS cert expired"}}),
    )
    .expect("note");
    invoke(
        &f.window,
        "mark_step",
        json!({"id": id, "input": {"number": 1, "done": true}}),
    )
    .expect("step");
    let moved = invoke(
        &f.window,
        "change_status",
        json!({"id": id, "input": {"status": "monitoring"}}),
    )
    .expect("status");
    assert_eq!(moved["status"], "monitoring");
    assert_eq!(moved["commander"], "Ana");
    assert_eq!(moved["mitigated_at"], "2026-11-24T10:00:00Z");
    let note = moved["timeline"][2]["id"].clone();
    invoke(
        &f.window,
        "set_pinned",
        json!({"id": id, "entry": note, "pinned": true}),
    )
    .expect("pin");
    let edited = invoke(
        &f.window,
        "edit_note",
        json!({"id": id, "entry": note, "text": "signer TLS cert expired at 09:58"}),
    )
    .expect("edit");
    assert_eq!(edited["timeline"][2]["pinned"], true);
    assert_eq!(
        edited["timeline"][2]["history"][0]["text"],
        "signer TLS cert expired"
    );
    let corrected = invoke(
        &f.window,
        "edit_incident",
        json!({"id": id, "input": {"severity": 2}}),
    )
    .expect("edit incident");
    assert_eq!(corrected["severity"], 2);

    let err = invoke(
        &f.window,
        "change_status",
        json!({"id": id, "input": {"status": "monitoring"}}),
    )
    .expect_err("already monitoring");
    assert_eq!(err["field"], "status");
}

#[test]
fn plans_are_listed_saved_exported_and_imported() {
    let f = fixture();
    let plans = invoke(&f.window, "list_plans", json!({})).expect("plans");
    assert_eq!(plans.as_array().map(Vec::len), Some(6));
    let new_plan = json!({"plan": {"kind": "mev-relay-down", "name": "MEV relay down",
        "steps": [{"text": "Fall back to local block building", "stop_the_bleeding": true}]}});
    invoke(&f.window, "save_plan", new_plan).expect("saved");

    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("plans.toml");
    let cancelled = invoke(&f.window, "export_plans", json!({})).expect("cancelled");
    assert!(cancelled.is_null() && !file.exists(), "{cancelled}");
    // A name typed without its extension gets the one suggested.
    f.will_pick(dir.path().join("plans"));
    let saved = invoke(&f.window, "export_plans", json!({})).expect("exported");
    assert_eq!(saved["count"], 7);
    assert_eq!(saved["path"], file.display().to_string());
    invoke(&f.window, "remove_plan", json!({"kind": "mev-relay-down"})).expect("removed");
    f.will_pick(&file);
    let imported = invoke(&f.window, "import_plans", json!({})).expect("imported");
    assert_eq!(imported.as_array().map(Vec::len), Some(7));
    let plans = invoke(&f.window, "list_plans", json!({})).expect("plans");
    assert_eq!(plans[6]["kind"], "mev-relay-down");

    f.will_pick(dir.path().join("missing.toml"));
    let err = invoke(&f.window, "import_plans", json!({})).expect_err("no such file");
    assert_eq!(err["kind"], "bad_input");
}

#[test]
fn without_a_desktop_the_global_shortcut_reports_why_it_is_unavailable() {
    let f = fixture();
    let status = invoke(&f.window, "shortcut_status", json!({})).expect("status");
    assert_eq!(status["active"], false);
    let err = invoke(
        &f.window,
        "set_shortcut",
        json!({"shortcut": "Ctrl+Alt+Nope"}),
    )
    .expect_err("not a shortcut");
    assert_eq!(err["field"], "shortcut");
}

#[test]
fn an_update_is_composed_recorded_once_and_a_repeat_is_a_duplicate() {
    let f = fixture();
    declare_sev1(&f.window);
    let due = invoke(&f.window, "due", json!({})).expect("due");
    assert_eq!(due["obligations"].as_array().map(Vec::len), Some(3));
    assert_eq!(due["obligations"][0]["urgency"], "later");

    let composed = invoke(
        &f.window,
        "compose_update",
        json!({"id": "INC-1", "draft": null}),
    )
    .expect("composed");
    assert_eq!(composed["draft"]["next_update_at"], "2026-11-24T10:30:00Z");
    assert_eq!(composed["origin"]["kind"], "template");
    let mut typed = composed["draft"].clone();
    typed["doing"] = json!("Failing over to the standby signer");
    invoke(
        &f.window,
        "save_draft",
        json!({"id": "INC-1", "draft": typed}),
    )
    .expect("saved");
    let reopened = invoke(
        &f.window,
        "compose_update",
        json!({"id": "INC-1", "draft": null}),
    )
    .expect("composed");
    assert_eq!(
        reopened["draft"]["doing"],
        "Failing over to the standby signer"
    );
    assert_eq!(reopened["origin"]["kind"], "typed");
    let reset = invoke(&f.window, "reset_draft", json!({"id": "INC-1"})).expect("reset");
    assert_eq!(reset["origin"]["kind"], "template");
    let send = json!({"id": "INC-1", "input": {"to": ["Exchange A (example)"], "draft": composed["draft"], "idempotency_key": "k1"}});
    let first = invoke(&f.window, "record_update", send.clone()).expect("recorded");
    let again = invoke(&f.window, "record_update", send).expect("the same click");
    assert_eq!(
        (
            first["already_recorded"].clone(),
            again["already_recorded"].clone()
        ),
        (json!(false), json!(true))
    );

    let repeat =
        json!({"id": "INC-1", "input": {"to": ["Exchange A (example)"], "idempotency_key": "k2"}});
    let err = invoke(&f.window, "record_update", repeat).expect_err("a probable duplicate");
    assert_eq!(err["kind"], "duplicate");
}

#[test]
fn the_directory_and_policies_are_edited_from_the_window() {
    let f = fixture();
    let added = invoke(
        &f.window,
        "add_stakeholder",
        json!({"input": {"name": "Exchange B", "group": "Institutional stakers", "channel": "slack", "handle": "#b"}}),
    )
    .expect("added");
    assert_eq!(added["sla_target_percent"], 99.0);
    let change = invoke(
        &f.window,
        "set_channel",
        json!({"name": "Exchange B", "channel": "email", "handle": "ops@b.example"}),
    )
    .expect("new channel");
    assert_eq!(change["retired"]["handle"], "#b");

    let policies = invoke(&f.window, "policies", json!({})).expect("policies");
    assert_eq!(policies["cadences"][0]["update_minutes"], 30);
    let err = invoke(
        &f.window,
        "save_cadence",
        json!({"cadence": {"severity": 1, "initial_minutes": 15, "update_minutes": 0, "resolution_minutes": 60, "postmortem_minutes": null}}),
    )
    .expect_err("a zero cadence");
    assert_eq!(err["field"], "cadence");
    assert!(invoke(
        &f.window,
        "save_cadence",
        json!({"cadence": {"severity": 1, "initial_minutes": -5, "update_minutes": 30, "resolution_minutes": 60, "postmortem_minutes": null}}),
    )
    .is_err());
}

#[test]
fn reminders_are_snoozed_and_marked_sent_from_the_window() {
    let f = fixture();
    declare_sev1(&f.window);
    let due = invoke(&f.window, "due", json!({})).expect("due");
    let ids: Vec<Value> = due["obligations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|o| o["id"].clone())
        .collect();
    let err = invoke(
        &f.window,
        "snooze",
        json!({"obligations": [], "minutes": 7}),
    )
    .expect_err("7 minutes");
    assert_eq!(err["field"], "minutes");
    assert_eq!(
        invoke(
            &f.window,
            "snooze",
            json!({"obligations": [], "minutes": 10})
        )
        .expect("snoozed"),
        3
    );
    let receipts =
        invoke(&f.window, "mark_sent", json!({"obligations": [ids[0]]})).expect("marked sent");
    assert_eq!(receipts[0]["updates"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        invoke(&f.window, "undelivered_reminder", json!({})).expect("none yet"),
        Value::Null
    );
}

#[test]
fn a_stakeholders_own_cadence_is_saved_from_the_window_and_read_back_with_the_policies() {
    let f = fixture();
    let own = json!({
        "scope": {"stakeholder": "Exchange A (example)"},
        "severity": 1,
        "initial_minutes": 5,
        "update_minutes": null,
        "resolution_minutes": null,
        "postmortem_minutes": null,
    });
    let saved = invoke(&f.window, "save_cadence_override", json!({"cadence": own})).expect("saved");
    assert_eq!(saved, own);
    let policies = invoke(&f.window, "policies", json!({})).expect("policies");
    assert_eq!(policies["overrides"], json!([own]));
    declare_sev1(&f.window);
    let due = invoke(&f.window, "due", json!({})).expect("due");
    assert_eq!(due["obligations"][0]["stakeholder"], "Exchange A (example)");
    assert_eq!(due["obligations"][0]["due_at"], "2026-11-24T10:05:00Z");
}

#[test]
fn a_write_by_another_process_is_announced_to_the_window_with_what_it_touched() {
    let f = fixture();
    declare_sev1(&f.window);
    let (announced, heard) = std::sync::mpsc::channel();
    f.app.listen_any("store-changed", move |event| {
        let _ = announced.send(event.payload().to_owned());
    });
    let next = || {
        let payload = heard
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the window was told about the outside write");
        serde_json::from_str::<Value>(&payload).expect("a JSON payload")
    };
    let mut cli = Store::open(f.dir.path().join("sitrep.db")).expect("a second connection");
    let clock = ManualClock::new("2026-11-24T10:05:00Z".parse().expect("a time"));
    let input = sitrep::DeclareInput {
        title: "Declared from a terminal".into(),
        severity: 2,
        ..sitrep::DeclareInput::default()
    };
    sitrep::incident::declare(&mut cli, &clock, &input).expect("declared");
    assert_eq!(next(), json!({"incidents": ["INC-2"]}));

    // A change to no incident (a cadence): everything is to be read again.
    let sev4 = sitrep::Cadence {
        severity: 4,
        initial_minutes: Some(60),
        update_minutes: None,
        resolution_minutes: None,
        postmortem_minutes: None,
    };
    sitrep::policy::save_cadence(&mut cli, &clock, &sev4).expect("saved");
    assert_eq!(next(), json!({"incidents": null}));
}

#[test]
fn a_postmortem_is_started_saved_exported_and_its_action_items_listed_from_the_window() {
    let f = fixture();
    declare_sev1(&f.window);
    let early = invoke(
        &f.window,
        "start_postmortem",
        json!({"id": "INC-1", "input": {}}),
    )
    .expect_err("refused before resolution");
    assert_eq!(early["field"], "incident");
    assert_eq!(
        invoke(&f.window, "postmortem", json!({"id": "INC-1"})).expect("read"),
        Value::Null
    );
    let started = invoke(
        &f.window,
        "start_postmortem",
        json!({"id": "INC-1", "input": {"template": "Customer notice", "early": true}}),
    )
    .expect("started early");
    assert_eq!(
        (started["version"].as_u64(), started["template"].as_str()),
        (Some(1), Some("Customer notice"))
    );
    let saved = invoke(
        &f.window,
        "save_postmortem",
        json!({"id": "INC-1", "input": {"body": "# Notice\n\nWe *fixed* it.\n", "figures": {"penalties_eth": 0.5}}}),
    )
    .expect("saved");
    assert_eq!(saved["version"], 2);
    assert_eq!(
        saved["html"],
        "<h1>Notice</h1>\n<p>We <em>fixed</em> it.</p>\n"
    );
    let bad = invoke(
        &f.window,
        "add_action",
        json!({"id": "INC-1", "input": {"text": "Alert sooner", "due_on": "soon", "kind": "detect"}}),
    )
    .expect_err("a due date that is not a date");
    assert_eq!(bad["field"], "due_on");
    invoke(
        &f.window,
        "add_action",
        json!({"id": "INC-1", "input": {"text": "Alert sooner", "due_on": "2026-12-01", "kind": "detect"}}),
    )
    .expect("added");
    let actions = invoke(&f.window, "list_actions", json!({"open": true})).expect("listed");
    assert_eq!(actions[0]["text"], "Alert sooner");
    let path = f.dir.path().join("notice.html");
    f.will_pick(&path);
    invoke(
        &f.window,
        "export_postmortem",
        json!({"id": "INC-1", "format": "html"}),
    )
    .expect("exported");
    let html = std::fs::read_to_string(&path).expect("the file");
    assert!(html.starts_with("<!doctype html>") && html.contains("<em>fixed</em>"));
    let templates = invoke(&f.window, "list_templates", json!({})).expect("templates");
    assert_eq!(templates.as_array().map(Vec::len), Some(3));
}

#[test]
fn the_window_hears_the_database_is_open_and_can_back_it_up() {
    let f = fixture();
    let startup = invoke(&f.window, "startup", json!({})).expect("startup");
    assert_eq!(startup, json!({"mode": "open", "read_only": null}));

    let file = invoke(&f.window, "back_up_now", json!({})).expect("backed up");
    let file = file.as_str().expect("a path");
    assert!(
        file.starts_with(&f.dir.path().join("backups").display().to_string())
            && file.ends_with("sitrep-20261124T100000Z.db"),
        "{file}"
    );
    let backups = invoke(&f.window, "backups", json!({})).expect("backups");
    assert_eq!(backups["files"], json!([file]));

    // Restoring takes the file picked in the dialog, never one the window names.
    let err =
        invoke(&f.window, "restore_backup", json!({"path": file})).expect_err("nothing picked");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("pick the backup")),
        "{err}"
    );
    f.will_pick(file);
    let picked = invoke(&f.window, "pick_backup", json!({})).expect("picked");
    assert_eq!(picked, json!(file));
}

#[test]
fn the_window_may_not_open_file_dialogs_or_touch_files_itself() {
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("JSON");
    let permissions = capability["permissions"].as_array().expect("a list");
    let file_access: Vec<_> = permissions
        .iter()
        .filter_map(Value::as_str)
        .filter(|p| p.starts_with("dialog:") || p.starts_with("fs:"))
        .collect();
    assert!(file_access.is_empty(), "{file_access:?}");
}

#[test]
fn a_database_open_to_read_only_refuses_writes_saying_why() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    drop(Store::open(&path).expect("create"));
    let store = Store::open_to_read(&path).expect("open to read");
    let clock = ManualClock::new("2026-11-24T10:00:00Z".parse().expect("a time"));
    let state = AppState::read_only(store, Box::new(clock), "the disk is full".into());
    let app = app(mock_builder(), state)
        .build(tauri::tauri_build_context!())
        .expect("build the app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");

    let startup = invoke(&window, "startup", json!({})).expect("startup");
    assert_eq!(startup["read_only"], "the disk is full");
    let refused = invoke(
        &window,
        "declare_incident",
        json!({"input": {"title": "Signer down", "severity": 1}}),
    )
    .expect_err("refused");
    assert_eq!(
        refused["message"],
        "Read-only: writing is off because the disk is full."
    );
    assert_eq!(invoke(&window, "list_incidents", json!({})), Ok(json!([])));
}

#[test]
fn a_file_that_is_not_a_database_gets_the_failure_window_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    std::fs::write(&path, "meeting notes").expect("write");
    let err = Store::open(&path).expect_err("refused");
    let clock = ManualClock::new("2026-11-24T10:00:00Z".parse().expect("a time"));
    let state = sitrep_desktop::FailureState::new(path.clone(), &err, Box::new(clock));
    let app = sitrep_desktop::failure_app(mock_builder(), state)
        .build(tauri::tauri_build_context!())
        .expect("build the failure app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");

    let startup = invoke(&window, "startup", json!({})).expect("startup");
    assert_eq!(startup["mode"], "failed");
    let problem = startup["failure"]["problem"].as_str().expect("a problem");
    assert!(problem.contains("is not a Sitrep database"), "{problem}");
    assert_eq!(startup["failure"]["path"], path.display().to_string());
    assert_eq!(startup["failure"]["backups"], json!([]));
    // Without a backup there is nothing to restore; nothing was touched.
    let refused = invoke(&window, "restore_newest_backup", json!({})).expect_err("refused");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("no backup")),
        "{refused}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "meeting notes"
    );
}

#[test]
fn the_tray_and_the_next_update_bar_name_the_same_next_notice_a_snoozed_one_left_out() {
    let f = fixture();
    declare_sev1(&f.window);
    let due = invoke(&f.window, "due", json!({})).expect("due");
    let first = due["obligations"][0].clone();
    invoke(
        &f.window,
        "snooze",
        json!({"obligations": [first["id"]], "minutes": 10}),
    )
    .expect("snoozed");

    let due = invoke(&f.window, "due", json!({})).expect("due");
    let summary = &due["summary"];
    assert_eq!(summary["snoozed"], 1);
    assert_eq!(summary["batch"], 2);
    let lead = summary["lead"]["stakeholder"].as_str().expect("a lead");
    assert_ne!(lead, first["stakeholder"].as_str().expect("a name"));

    let tray = TrayLines::now(f.app.handle()).expect("the tray's lines");
    assert!(
        tray.next.starts_with(&format!("Next: {lead} (INC-1) due")),
        "{tray:?}"
    );
    assert_eq!((tray.tooltip.as_str(), tray.title), ("Sitrep", None));
}
