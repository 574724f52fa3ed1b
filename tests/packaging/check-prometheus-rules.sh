#!/bin/sh
# promtool check rules + promtool test rules over packaging/prometheus (issue 14).
# Skipped (exit 77) only when promtool is not installed: `apt install prometheus` (./run tests does).
set -eu
dir=$1
if ! command -v promtool >/dev/null 2>&1; then
    echo "SKIP: promtool not found (Debian package prometheus); the alert rules were not checked"
    exit 77
fi
promtool check rules "$dir/backupdb-alerts.yml"
cd "$dir"
promtool test rules backupdb-alerts.test.yml
