//! A bare Tauri 2 window showing one static page: what any Tauri app costs
//! on this machine, measured beside Sitrep by `make bench-footprint`.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the floor window runs");
}
