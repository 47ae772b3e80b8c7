//! Embeds the built UI, icons and capabilities, and declares the app's IPC
//! commands so capabilities can allow exactly the ones the UI calls.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "declare_incident",
        "list_incidents",
        "show_incident",
        "change_status",
        "add_note",
        "set_pinned",
        "edit_note",
        "edit_incident",
        "assign_role",
        "mark_step",
        "month_report",
        "report_time_zone",
        "set_report_time_zone",
        "report_trend",
        "export_report",
        "sla_budgets",
        "list_plans",
        "save_plan",
        "remove_plan",
        "export_plans",
        "import_plans",
        "list_stakeholders",
        "add_stakeholder",
        "set_channel",
        "retire_stakeholder",
        "set_stakeholder_policy",
        "export_stakeholders",
        "import_stakeholders",
        "policies",
        "save_cadence",
        "save_cadence_override",
        "save_group_policy",
        "due",
        "compose_update",
        "record_update",
        "set_membership",
        "set_affected",
        "skip_obligation",
        "record_feedback",
        "snooze",
        "mark_sent",
        "undelivered_reminder",
        "shortcut_status",
        "set_shortcut",
    ]);
    let attributes = tauri_build::Attributes::new()
        .codegen(tauri_build::CodegenContext::new())
        .app_manifest(manifest);
    tauri_build::try_build(attributes).expect("tauri build step failed");
}
