#!/usr/bin/env bash
# `make install` and `make uninstall` into a temporary PREFIX, from the debug
# build the other tests use: exactly the expected files come, they work (the
# binaries run, the desktop entry is valid and points at the installed app),
# and exactly they go again; a file of the user's beside them stays. The
# same without cargo on PATH, as under sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
mkdir -p "$prefix/share/applications"
echo "[Desktop Entry]" > "$prefix/share/applications/users-own.desktop"

files() { (cd "$prefix" && find . -type f | sort); }
fail() { echo "install test: $*" >&2; exit 1; }

before=$(files)
make --no-print-directory install PREFIX="$prefix" PROFILE=debug > /dev/null

expected=$(printf '%s\n' \
    ./bin/sitrep \
    ./bin/sitrep-desktop \
    ./share/applications/sitrep.desktop \
    ./share/applications/users-own.desktop \
    ./share/icons/hicolor/128x128/apps/sitrep-desktop.png \
    ./share/icons/hicolor/256x256/apps/sitrep-desktop.png \
    ./share/icons/hicolor/32x32/apps/sitrep-desktop.png | sort)
[[ "$(files)" == "$expected" ]] || fail "installed files differ:"$'\n'"$(diff <(echo "$expected") <(files))"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[[ "$("$prefix/bin/sitrep" --version)" == "sitrep $version" ]] || fail "the installed sitrep does not run"
[[ "$("$prefix/bin/sitrep-desktop" --version)" == "sitrep-desktop $version" ]] || fail "the installed sitrep-desktop does not run"
entry="$prefix/share/applications/sitrep.desktop"
desktop-file-validate "$entry" || fail "the desktop entry is not valid"
grep -qx "Exec=\"$prefix/bin/sitrep-desktop\"" "$entry" || fail "the desktop entry does not start the installed app"
cmp -s icons/128x128@2x.png "$prefix/share/icons/hicolor/256x256/apps/sitrep-desktop.png" || fail "the 256 px icon is not the app's"

make --no-print-directory uninstall PREFIX="$prefix" > /dev/null
[[ "$(files)" == "$before" ]] || fail "uninstall left or removed files:"$'\n'"$(diff <(echo "$before") <(files))"

# As under sudo, with no cargo on PATH: the build there is installed as it is.
PATH=/usr/bin:/bin make --no-print-directory install PREFIX="$prefix" PROFILE=debug > /dev/null
[[ "$(files)" == "$expected" ]] || fail "installing without cargo put other files"
PATH=/usr/bin:/bin make --no-print-directory uninstall PREFIX="$prefix" > /dev/null
[[ "$(files)" == "$before" ]] || fail "the second uninstall left or removed files"
echo "install test: make install and make uninstall put and took exactly $(($(wc -l <<< "$expected") - 1)) files"
