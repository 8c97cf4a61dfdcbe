#!/usr/bin/env bash
# Ctrl-C must reach the main thread promptly wherever it blocks, and an uncaught
# KeyboardInterrupt ends the process by SIGINT as in CPython (a shell sees status 130).
# Usage: run_sigint.sh GILPY SCRIPT. SCRIPT prints "ready" once it is about to block. A script
# with the line "# expect: killed" must instead die of the signal itself, printing nothing to
# stderr (SIGINT's handler set back to SIG_DFL). A line "# expect stdout: TEXT" requires TEXT
# among the script's output lines.
set -u
gilpy=$1 script=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# stdin: a pipe that stays open and empty, so a script reading the console blocks.
mkfifo "$dir/in"
exec 3<>"$dir/in"
set -m  # job control: a background job keeps SIGINT (without it, bash ignores it there)
"$gilpy" "$script" <"$dir/in" >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 500); do
    grep -q ready "$dir/out" 2>/dev/null && break
    sleep 0.01
done
grep -q ready "$dir/out" || { echo "script never became ready"; cat "$dir/err"; kill -9 $pid; exit 1; }
sleep 0.1  # let it enter the blocking call
start=$(date +%s%N)
kill -INT $pid
wait $pid
status=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
last=$(tail -n 1 "$dir/err")
echo "status $status after ${elapsed_ms} ms; last stderr line: $last"
[ "$status" -eq 130 ] || { echo "expected status 130"; cat "$dir/err"; exit 1; }
if grep -q "^# expect: killed" "$script"; then
    [ ! -s "$dir/err" ] || { echo "expected no output on stderr"; cat "$dir/err"; exit 1; }
else
    [ "$last" = "KeyboardInterrupt" ] || { echo "expected a KeyboardInterrupt traceback"; exit 1; }
fi
# Promptly: the main thread polls every 20 ms while blocked; 1 s is a generous bound.
[ "$elapsed_ms" -lt 1000 ] || { echo "too slow to react"; exit 1; }
! grep -q "after interrupt" "$dir/out" || { echo "the interrupted call returned normally"; exit 1; }
expected=$(sed -n 's/^# expect stdout: //p' "$script")
if [ -n "$expected" ]; then
    grep -qxF "$expected" "$dir/out" || { echo "expected \"$expected\" on stdout"; exit 1; }
fi
