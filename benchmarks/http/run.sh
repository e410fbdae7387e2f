#!/usr/bin/env bash
# HTTP throughput of the demo's simplest endpoint (GET /orders/1) under wrk, on loopback, in
# three variants, each in its own JVM:
#   without-starter  the demo with async-hooks-autoconfigure taken off the classpath
#                    (no auto-configuration at all; the demo's own AsyncLocalStorage stays)
#   starter          the starter as shipped (request resources, live registry, meters, MDC),
#                    no user hook (the demo's logging hook switched off)
#   starter+hook     the same plus one no-op hook overriding all five callbacks
# The three servers run at the same time (only the one under load does any work) and are
# measured in short slices, round after round, the order rotating each round: this VM's CPU
# speed drifts by tens of percent over minutes, and slices a few seconds apart see the same
# drift. Each round gives a ratio per variant to the first variant of the same round; the
# script prints every slice, then the medians of requests/s, of server CPU per request and of
# the per-round ratios. With PIN=1 (the default, when taskset exists and there are 2+ CPUs)
# the servers are moved to CPU 0 and wrk to CPU 1 once warmed up, so that the load generator
# does not take the server's core (warm-up runs on both cores: pinned from the start, the JIT
# compiler threads starve behind the request threads and the servers take minutes to reach
# full speed). Usage:
#   benchmarks/http/run.sh                          # 12 rounds of 5 s slices, 30 s warm-up each
#   ROUNDS=6 SLICE=5s WARMUP=15s benchmarks/http/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-12}
SLICE=${SLICE:-5s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
PIN=${PIN:-1}
client_cpu=() wrk_threads=2
out=benchmarks/target/http
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

mvn -B -q -pl demo-app -am package dependency:build-classpath -DskipTests \
  -Dspring-javaformat.skip=true -Dmdep.outputFile=target/runtime.cp -Dmdep.includeScope=runtime
full_cp="demo-app/target/classes:$(cat demo-app/target/runtime.cp)"
bare_cp=$(tr ':' '\n' <<<"$full_cp" | grep -v 'async-hooks-autoconfigure' | paste -sd: -)

variants=(without-starter starter starter+hook)
declare -A pids ports

start() { # variant port
  local cp=$full_cp args=(--demo.logging-hook.enabled=false)
  case $1 in
    without-starter) cp=$bare_cp ;;
    starter+hook) args+=(--demo.noop-hook.enabled=true) ;;
  esac
  "$JAVA" -Xms512m -Xmx512m -cp "$cp" dev.asynchooks.demo.DemoApplication --server.port="$2" \
    --logging.level.root=WARN "${args[@]}" >"$out/$1.log" 2>&1 &
  pids[$1]=$!
  ports[$1]=$2
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$2/orders" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the demo did not start ($1): see $out/$1.log" >&2
  exit 1
}

stop_all() {
  for v in "${!pids[@]}"; do kill "${pids[$v]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT

load() { # variant duration -> "requests/s server-CPU-microseconds/request"
  local pid=${pids[$1]} cpu0 cpu1 res
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  res=$("${client_cpu[@]}" wrk -t"$wrk_threads" -c"$CONNECTIONS" -d"$2" "http://127.0.0.1:${ports[$1]}/orders/1")
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  awk -v c=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n = $1} /Requests\/sec/ {r = $2}
    END {printf "%s %.1f\n", r, c * 1e6 / hz / n}' <<<"$res"
}

port=$PORT
for v in "${variants[@]}"; do
  start "$v" "$port"
  port=$((port + 1))
done
for v in "${variants[@]}"; do
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"item":"book","quantity":1}' \
    "http://127.0.0.1:${ports[$v]}/orders" >/dev/null
  load "$v" "$WARMUP" >/dev/null
done
if [ "$PIN" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  for v in "${variants[@]}"; do taskset -a -p -c 0 "${pids[$v]}" >/dev/null; done
  client_cpu=(taskset -c 1) wrk_threads=1
  # a short settle under the final placement
  for v in "${variants[@]}"; do load "$v" 3s >/dev/null; done
fi

declare -A results cpus ratios cratios
for round in $(seq 1 "$ROUNDS"); do
  order=()
  for i in 0 1 2; do order+=("${variants[$(( (i + round - 1) % 3 ))]}"); done
  declare -A r=() c=()
  for v in "${order[@]}"; do
    read -r r[$v] c[$v] < <(load "$v" "$SLICE")
    echo "round $round $v ${r[$v]} req/s, ${c[$v]} us server CPU per request"
  done
  for v in "${variants[@]}"; do
    results[$v]="${results[$v]:-} ${r[$v]}"
    cpus[$v]="${cpus[$v]:-} ${c[$v]}"
    ratios[$v]="${ratios[$v]:-} $(awk -v a="${r[$v]}" -v b="${r[without-starter]}" 'BEGIN {print a/b}')"
    cratios[$v]="${cratios[$v]:-} $(awk -v a="${c[$v]}" -v b="${c[without-starter]}" 'BEGIN {print a/b}')"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
printf '%-16s %12s %22s %18s %22s\n' variant 'req/s (med)' 'ratio (med of rounds)' 'CPU us/req (med)' 'ratio (med of rounds)'
for v in "${variants[@]}"; do
  printf '%-16s %12.0f %22.3f %18.1f %22.3f\n' "$v" "$(median <<<"${results[$v]}")" "$(median <<<"${ratios[$v]}")" \
    "$(median <<<"${cpus[$v]}")" "$(median <<<"${cratios[$v]}")"
done
