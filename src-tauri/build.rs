//! Embeds the built UI, icons and capabilities, and declares the app's IPC
//! commands so capabilities can allow exactly the ones the UI calls.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "declare_incident",
        "list_incidents",
        "show_incident",
    ]);
    let attributes = tauri_build::Attributes::new()
        .codegen(tauri_build::CodegenContext::new())
        .app_manifest(manifest);
    tauri_build::try_build(attributes).expect("tauri build step failed");
}
