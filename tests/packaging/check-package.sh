#!/bin/sh
# The Debian package (issue 14), as CI builds it: `cmake --build BUILD --target package`, then
#  - dpkg-deb --info: name, version, architecture, the Depends on Debian's Qt 6 and SQLite;
#  - dpkg-deb -x into a scratch root: every file where it belongs, the programs run from there;
#  - man -l renders both manual pages without a warning;
#  - desktop-file-validate passes on the desktop entry;
#  - lintian reports no error (its warnings are printed).
# Usage: check-package.sh BUILD_DIR CMAKE VERSION. Skipped (77) when a tool is missing.
set -eu
build=$1
cmake=$2
version=$3

missing=""
for tool in dpkg-deb dpkg-shlibdeps man lintian desktop-file-validate help2man; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "SKIP: not installed:$missing (./run tests installs dpkg-dev, man-db, lintian, desktop-file-utils, help2man)"
    exit 77
fi

fail() {
    echo "FAIL: $*"
    exit 1
}

arch=$(dpkg --print-architecture)
deb="$build/backupdb-admin_${version}_${arch}.deb"
start=$(date +%s)
"$cmake" --build "$build" --target package >"$build/package-build.log" 2>&1 ||
    { tail -40 "$build/package-build.log"; fail "cmake --build $build --target package"; }
[ -f "$deb" ] || fail "$deb was not built"
echo "built $deb: $(stat -c %s "$deb") bytes in $(( $(date +%s) - start )) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# 1. The control data.
dpkg-deb --info "$deb" >"$scratch/info"
cat "$scratch/info"
field() { sed -n "s/^ $1: //p" "$scratch/info"; }
[ "$(field Package)" = backupdb-admin ] || fail "Package"
[ "$(field Version)" = "$version" ] || fail "Version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture"
depends=$(field Depends)
for dep in libqt6core6 libqt6gui6 libqt6widgets6 libqt6sql6 libqt6network6 libqt6charts6 \
           libqt6sql6-sqlite libqt6svg6 libsqlite3-0 libpq5 libc6 libstdc++6; do
    case ", $depends," in
        *", $dep,"* | *", $dep ("*) ;;
        *) fail "Depends lacks $dep: $depends" ;;
    esac
done

# 2. The files, in a scratch root.
root="$scratch/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/backupdb-admin usr/bin/backupdb-cli \
         usr/share/applications/backupdb-admin.desktop \
         usr/share/icons/hicolor/scalable/apps/backupdb-admin.svg \
         usr/share/man/man1/backupdb-cli.1.gz usr/share/man/man1/backupdb-admin.1.gz \
         usr/share/bash-completion/completions/backupdb-cli \
         usr/lib/systemd/system/backupdb-admin@.service \
         usr/share/backupdb-admin/prometheus/backupdb-alerts.yml \
         usr/share/backupdb-admin/grafana/backupdb-dashboard.json \
         usr/share/doc/backupdb-admin/copyright usr/share/doc/backupdb-admin/changelog.gz \
         usr/share/doc/backupdb-admin/examples/example.env \
         usr/share/doc/backupdb-admin/examples/example.ini; do
    [ -f "$root/$f" ] || fail "missing in the package: /$f"
done
[ -x "$root/usr/bin/backupdb-cli" ] && [ -x "$root/usr/bin/backupdb-admin" ] || fail "programs not executable"
src=$(dirname "$0")/../..
cmp "$root/usr/share/backupdb-admin/prometheus/backupdb-alerts.yml" "$src/packaging/prometheus/backupdb-alerts.yml"
cmp "$root/usr/share/backupdb-admin/grafana/backupdb-dashboard.json" "$src/packaging/grafana/backupdb-dashboard.json"
cmp "$root/usr/lib/systemd/system/backupdb-admin@.service" "$src/packaging/systemd/backupdb-admin@.service"
echo "files: $(find "$root" -type f | wc -l), all expected ones present"

# The programs run from the scratch root (on this machine's Qt).
[ "$("$root/usr/bin/backupdb-cli" --version)" = "backupdb-cli $version" ] || fail "backupdb-cli --version"
"$root/usr/bin/backupdb-cli" --db "$scratch/x.db" --json demo --clients 2 --files 10 | grep -q '"files":10' ||
    fail "backupdb-cli demo from the package"
QT_QPA_PLATFORM=offscreen "$root/usr/bin/backupdb-admin" --version 2>/dev/null | grep -q "$version" ||
    fail "backupdb-admin --version"

# The unit file as systemd reads it (an instance of the template, its ExecStart pointed at the
# scratch root's program): no error and no warning (an unknown key is only a warning).
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir "$scratch/units"
    sed "s|/usr/bin/backupdb-cli|$root/usr/bin/backupdb-cli|" \
        "$root/usr/lib/systemd/system/backupdb-admin@.service" >"$scratch/units/backupdb-admin@.service"
    systemd-analyze verify --man=no "$scratch/units/backupdb-admin@check.service" \
        >"$scratch/verify" 2>&1 || { cat "$scratch/verify"; fail "systemd-analyze verify"; }
    [ ! -s "$scratch/verify" ] || { cat "$scratch/verify"; fail "systemd-analyze verify warns"; }
    echo "systemd-analyze verify backupdb-admin@.service: ok"
else
    echo "systemd-analyze not installed: the unit file was not verified"
fi

# 3. The manual pages render, without a warning from man or groff.
for page in backupdb-cli backupdb-admin; do
    MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" \
        >"$scratch/$page.txt" 2>"$scratch/$page.err" || fail "man -l $page"
    [ ! -s "$scratch/$page.err" ] || { cat "$scratch/$page.err"; fail "man -l $page warns"; }
    grep -q "^NAME" "$scratch/$page.txt" && grep -q "^SYNOPSIS" "$scratch/$page.txt" ||
        fail "$page(1) has no NAME or SYNOPSIS"
    echo "man $page: $(wc -l <"$scratch/$page.txt") lines"
done
grep -q "serve-metrics" "$scratch/backupdb-cli.txt" || fail "backupdb-cli(1) lacks the commands"
grep -q "SIGHUP" "$scratch/backupdb-cli.txt" || fail "backupdb-cli(1) lacks the service's signals"

# 4. The desktop entry.
desktop-file-validate "$root/usr/share/applications/backupdb-admin.desktop" ||
    fail "desktop-file-validate"
echo "desktop-file-validate: ok"

# 5. lintian: no errors (warnings and the rest are shown).
lintian --allow-root --tag-display-limit 0 --display-level ">=pedantic" "$deb" >"$scratch/lintian" 2>&1 || true
cat "$scratch/lintian"
errors=$(grep -c '^E: ' "$scratch/lintian" || true)
warnings=$(grep -c '^W: ' "$scratch/lintian" || true)
echo "lintian: $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] || fail "lintian reports errors"
echo "package: ok"
