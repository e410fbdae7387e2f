#!/usr/bin/env bash
# HTTP throughput of the demo's simplest endpoint (GET /orders/1) under wrk, on loopback, in
# three variants:
#   without-starter  the demo with async-hooks-autoconfigure taken off the classpath
#                    (no auto-configuration at all; the demo's own AsyncLocalStorage stays)
#   starter          the starter as shipped (request resources, live registry, meters, MDC),
#                    no user hook (the demo's logging hook switched off)
#   starter+hook     the same plus one no-op hook overriding all five callbacks
# Each variant runs in JVMS JVMs (2 by default: two JVMs of the same variant differ by 5% and
# more here, as the JIT compiles them differently). All servers stay up (only the one under
# load does any work); each is warmed alone on both cores until its JIT compiler has settled
# (at most WARMUP), then, with PIN=1 (the default, when taskset exists and there are 2+
# CPUs), the servers are moved to CPU 0 and wrk to CPU 1, so that the load generator does not
# take the server's core (pinned from the start, the JIT compiler threads starve behind the
# request threads and the servers take minutes to reach full speed). Then, round after round, each JVM of the other variants is measured for one
# slice right before or after a slice of a baseline JVM (the first variant), the order
# alternating, and compared with that slice only: this VM's CPU speed drifts by a factor of
# two within a minute, and two slices seconds apart see the same speed. Each slice gives
# requests/s, the server's CPU time per request, and the same without its JIT compiler
# threads (a JVM can spend half a slice compiling after a pause). The script prints every
# pair, then per variant the medians and the medians of the per-pair ratios, then each JVM's
# median requests/s.
# VARIANTS picks and orders the variants; a variant may add application arguments after a
# colon, comma-separated, to switch a part off:
#   VARIANTS="without-starter starter+hook starter+hook:--async-hooks.webmvc.enabled=false"
# Usage:
#   benchmarks/http/run.sh                          # 10 rounds of 5 s slices, 2 JVMs each
#   ROUNDS=6 SLICE=4s WARMUP=120s JVMS=1 benchmarks/http/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-10}
SLICE=${SLICE:-5s}
WARMUP=${WARMUP:-300s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
PIN=${PIN:-1}
JVMS=${JVMS:-2}
client_cpu=() wrk_threads=2
out=benchmarks/target/http
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

mvn -B -q -pl demo-app -am package dependency:build-classpath -DskipTests \
  -Dspring-javaformat.skip=true -Dmdep.outputFile=target/runtime.cp -DincludeScope=runtime
full_cp="demo-app/target/classes:$(cat demo-app/target/runtime.cp)"
bare_cp=$(tr ':' '\n' <<<"$full_cp" | grep -v 'async-hooks-autoconfigure' | paste -sd: -)

variants=(${VARIANTS:-without-starter starter starter+hook})
instances=()
for v in "${variants[@]}"; do
  for k in $(seq 1 "$JVMS"); do instances+=("$v/$k"); done
done
declare -A pids ports

start() { # instance port
  local v=${1%/*} cp=$full_cp args=(--demo.logging-hook.enabled=false) more
  # variant:--property=value,--other=value adds application arguments to a variant
  if [[ $v == *:* ]]; then
    IFS=, read -ra more <<<"${v#*:}"
    args+=("${more[@]}")
    v=${v%%:*}
  fi
  case $v in
    without-starter) cp=$bare_cp ;;
    starter) ;;
    starter+hook) args+=(--demo.noop-hook.enabled=true) ;;
    *) echo "unknown variant: $v (expected without-starter, starter or starter+hook)" >&2; exit 2 ;;
  esac
  "$JAVA" -Xms512m -Xmx512m -cp "$cp" dev.asynchooks.demo.DemoApplication --server.port="$2" \
    --logging.level.root=WARN "${args[@]}" >"$out/${1//\//-}.log" 2>&1 &
  pids[$1]=$!
  ports[$1]=$2
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$2/orders" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the demo did not start ($1): see $out/${1//\//-}.log" >&2
  exit 1
}

stop_all() {
  for v in "${!pids[@]}"; do kill "${pids[$v]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT

# CPU time of a server, in clock ticks: all its threads, and its JIT compiler threads apart
cpu() { # pid -> "total compiler"
  local t c=0 name
  t=$(awk '{print $14 + $15}' "/proc/$1/stat")
  for task in /proc/"$1"/task/*; do
    read -r name <"$task/comm" 2>/dev/null || continue
    case $name in C1\ Compiler* | C2\ Compiler*) c=$((c + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0))) ;; esac
  done
  echo "$t $c"
}

# "requests/s CPU-us/request CPU-us/request-without-the-JIT-compiler"
load() { # instance duration
  local pid=${pids[$1]} t0 c0 t1 c1 res
  read -r t0 c0 < <(cpu "$pid")
  res=$("${client_cpu[@]}" wrk -t"$wrk_threads" -c"$CONNECTIONS" -d"$2" "http://127.0.0.1:${ports[$1]}/orders/1")
  read -r t1 c1 < <(cpu "$pid")
  awk -v t=$((t1 - t0)) -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n = $1} /Requests\/sec/ {r = $2}
    END {printf "%s %.1f %.1f\n", r, t * 1e6 / hz / n, (t - c) * 1e6 / hz / n}' <<<"$res"
}

port=$PORT
for i in "${instances[@]}"; do
  start "$i" "$port"
  port=$((port + 1))
done
# under load in 10 s slices until the JIT compiler threads take under 2% of the server's CPU
# in a slice (after 60 s at least, WARMUP seconds at most): the compiler is still busy minutes
# into the load, and measured before it settles a JVM is both slower and spends part of each
# slice compiling
warm() { # instance
  local pid=${pids[$1]} t0 c0 t1 c1 waited=0
  while [ "$waited" -lt "${WARMUP%s}" ]; do
    read -r t0 c0 < <(cpu "$pid")
    wrk -t2 -c"$CONNECTIONS" -d10s "http://127.0.0.1:${ports[$1]}/orders/1" >/dev/null
    read -r t1 c1 < <(cpu "$pid")
    waited=$((waited + 10))
    if [ "$waited" -ge 60 ] && [ $(((c1 - c0) * 50)) -lt $((t1 - t0)) ]; then break; fi
  done
  echo "$1 warmed up for ${waited}s (JIT compiler threads: $(((c1 - c0) * 100 / (t1 - t0 + 1)))% of the last 10 s)"
}
for i in "${instances[@]}"; do
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"item":"book","quantity":1}' \
    "http://127.0.0.1:${ports[$i]}/orders" >/dev/null
  warm "$i"
done
if [ "$PIN" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  for i in "${instances[@]}"; do taskset -a -p -c 0 "${pids[$i]}" >/dev/null; done
  client_cpu=(taskset -c 1) wrk_threads=1
  # a short settle under the final placement
  for i in "${instances[@]}"; do load "$i" 3s >/dev/null; done
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }

base=${variants[0]}
others=()
for i in "${instances[@]}"; do [ "${i%/*}" = "$base" ] || others+=("$i"); done
m=${#others[@]}
declare -A results cpus ratios cratios slices muts mratios
for round in $(seq 1 "$ROUNDS"); do
  for j in $(seq 0 $((m - 1))); do
    # each other JVM right after or before a baseline JVM (the order alternating), and
    # compared with that slice only: two slices seconds apart see the same CPU speed
    i=${others[$(( (j + round - 1) % m ))]}
    b="$base/$(( (j + round - 1) % JVMS + 1 ))"
    if (( (j + round) % 2 )); then
      read -r rb cb mb < <(load "$b" "$SLICE")
      read -r ri ci mi < <(load "$i" "$SLICE")
    else
      read -r ri ci mi < <(load "$i" "$SLICE")
      read -r rb cb mb < <(load "$b" "$SLICE")
    fi
    echo "round $round $i $ri req/s, $ci us CPU/request ($mi without JIT); beside $b: $rb req/s, $cb us ($mb)"
    v=${i%/*}
    ratios[$v]+=" $(div "$ri" "$rb")" cratios[$v]+=" $(div "$ci" "$cb")" mratios[$v]+=" $(div "$mi" "$mb")"
    results[$v]+=" $ri" cpus[$v]+=" $ci" muts[$v]+=" $mi" slices[$i]+=" $ri"
    results[$base]+=" $rb" cpus[$base]+=" $cb" muts[$base]+=" $mb" slices[$b]+=" $rb"
  done
done
ratios[$base]=1 cratios[$base]=1 mratios[$base]=1

echo
printf '%-40s %10s %8s %13s %8s %17s %8s\n' variant 'req/s' ratio 'CPU us/req' ratio 'same without JIT' ratio
for v in "${variants[@]}"; do
  printf '%-40s %10.0f %8.3f %13.1f %8.3f %17.1f %8.3f\n' "$v" "$(median <<<"${results[$v]}")" "$(median <<<"${ratios[$v]}")" \
    "$(median <<<"${cpus[$v]}")" "$(median <<<"${cratios[$v]}")" "$(median <<<"${muts[$v]}")" "$(median <<<"${mratios[$v]}")"
done
echo "(medians; each ratio is the median over the pairs of slices)"
if [ "$JVMS" -gt 1 ]; then
  echo
  echo "each JVM alone (how far apart JVMs of the same variant are):"
  for i in "${instances[@]}"; do printf '%-42s %12.0f req/s (median)\n' "$i" "$(median <<<"${slices[$i]}")"; done
fi
