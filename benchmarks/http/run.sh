#!/usr/bin/env bash
# HTTP throughput of the demo's simplest endpoint (GET /orders/1) under wrk, on loopback, in
# three variants, each in a fresh JVM, rounds interleaved so that drift hits all alike:
# Variants (their order rotates from round to round):
#   without-starter  the demo with async-hooks-autoconfigure taken off the classpath
#                    (no auto-configuration at all; the demo's own AsyncLocalStorage stays)
#   starter          the starter as shipped (request resources, live registry, meters, MDC),
#                    no user hook (the demo's logging hook switched off)
#   starter+hook     the same plus one no-op hook overriding all five callbacks
# Prints one line per round and the medians. Usage:
#   benchmarks/http/run.sh                      # 5 rounds of 20 s after 10 s warm-up
#   ROUNDS=3 DURATION=10s benchmarks/http/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
out=benchmarks/target/http
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

mvn -B -q -pl demo-app -am package dependency:build-classpath -DskipTests \
  -Dspring-javaformat.skip=true -Dmdep.outputFile=target/runtime.cp -Dmdep.includeScope=runtime
full_cp="demo-app/target/classes:$(cat demo-app/target/runtime.cp)"
bare_cp=$(tr ':' '\n' <<<"$full_cp" | grep -v 'async-hooks-autoconfigure' | paste -sd: -)

start() { # variant
  local cp=$full_cp args=(--demo.logging-hook.enabled=false)
  case $1 in
    without-starter) cp=$bare_cp ;;
    starter+hook) args+=(--demo.noop-hook.enabled=true) ;;
  esac
  "$JAVA" -Xms512m -Xmx512m -cp "$cp" dev.asynchooks.demo.DemoApplication --server.port="$PORT" \
    --logging.level.root=WARN "${args[@]}" >"$out/$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/orders" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the demo did not start ($1): see $out/$1.log" >&2; kill "$pid"; exit 1
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

rps() { # duration -> "requests/s server-CPU-microseconds/request"
  local cpu0 cpu1 out
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$1" "http://127.0.0.1:$PORT/orders/1")
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  awk -v c=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n = $1} /Requests\/sec/ {r = $2}
    END {printf "%s %.1f\n", r, c * 1e6 / hz / n}' <<<"$out"
}

variants=(without-starter starter starter+hook)
declare -A results cpus
for round in $(seq 1 "$ROUNDS"); do
  # rotate which variant goes first: on a VM with burstable CPU the first JVM after a
  # pause runs faster, which would otherwise always favour the same variant
  order=()
  for i in 0 1 2; do order+=("${variants[$(( (i + round - 1) % 3 ))]}"); done
  for v in "${order[@]}"; do
    start "$v"
    curl -sf -X POST -H 'Content-Type: application/json' -d '{"item":"book","quantity":1}' \
      "http://127.0.0.1:$PORT/orders" >/dev/null
    rps "$WARMUP" >/dev/null
    read -r r c < <(rps "$DURATION")
    stop
    results[$v]="${results[$v]:-} $r"
    cpus[$v]="${cpus[$v]:-} $c"
    echo "round $round $v $r req/s, $c us server CPU per request"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
base=$(median <<<"${results[without-starter]}")
echo
cbase=$(median <<<"${cpus[without-starter]}")
printf '%-16s %12s %8s %16s %8s\n' variant 'req/s (med)' 'ratio' 'CPU us/req (med)' 'ratio'
for v in "${variants[@]}"; do
  m=$(median <<<"${results[$v]}")
  c=$(median <<<"${cpus[$v]}")
  printf '%-16s %12.0f %8.3f %16.1f %8.3f\n' "$v" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN {print a/b}')" \
    "$c" "$(awk -v a="$c" -v b="$cbase" 'BEGIN {print a/b}')"
done
