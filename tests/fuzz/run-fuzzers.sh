#!/bin/sh
# Runs every libFuzzer target in DIR for SECONDS each; exits non-zero when one crashes (or a
# target is missing). Logs and crash inputs go to DIR/fuzz-out/<target>/.
#   tests/fuzz/run-fuzzers.sh build-fuzz/tests/fuzz 20
set -u
dir=${1:?usage: run-fuzzers.sh DIR SECONDS}
seconds=${2:-20}
targets="fuzz_uuid fuzz_name fuzz_date fuzz_identifiers fuzz_config fuzz_cli"
status=0
passed=0
failed=0
for t in $targets; do
    exe="$dir/$t"
    if [ ! -x "$exe" ]; then
        echo "FUZZ $t missing ($exe)"; status=1; failed=$((failed + 1)); continue
    fi
    out="$dir/fuzz-out/$t"
    mkdir -p "$out/corpus"
    log="$out/log.txt"
    # stdout of the target is closed (-close_fd_mask=1): the CLI prints on every run.
    if ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$exe" -max_total_time="$seconds" -close_fd_mask=1 -artifact_prefix="$out/" \
        "$out/corpus" >"$log" 2>&1; then
        runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n 1)
        echo "FUZZ $t ok: ${runs:-?} in ${seconds} s"
        passed=$((passed + 1))
    else
        echo "FUZZ $t FAILED (log: $log)"; tail -n 40 "$log"; status=1
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
