//! Embeds the page and the icons, as Sitrep's build does.

fn main() {
    tauri_build::build();
}
