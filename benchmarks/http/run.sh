#!/usr/bin/env bash
# HTTP cost of the starter on the demo's simplest endpoint (GET /orders/1) under wrk, on
# loopback, in three variants:
#   without-starter  the demo with async-hooks-autoconfigure taken off the classpath
#                    (no auto-configuration at all; the demo's own AsyncLocalStorage stays)
#   starter          the starter as shipped (request resources, live registry, meters, MDC),
#                    no user hook (the demo's logging hook switched off)
#   starter+hook     the same plus one no-op hook overriding all five callbacks
# The variants are measured side by side, at the same time, in SETS sets of fresh JVMs (JVMS
# JVMs per variant in a set, 2 by default):
# - the JVMs of a set are first warmed together, on both cores, until the JIT compiler
#   threads of each take under 2% of its CPU in a 10 s slice (60 s at least, WARMUP at
#   most); warmed one after the other, the first ones, idle meanwhile, compiled again once
#   measured;
# - then, with PIN=1 (the default, when taskset exists and there are 2+ CPUs), all the
#   servers of the set share CPU 0 and the load generators run on CPU 1, one wrk per server,
#   all started together for each of ROUNDS slices of SLICE;
# - each slice gives, per server, the requests served and the CPU time the server used for
#   them (all its threads, and the same without its JIT compiler threads), read from /proc.
# The servers of a set take turns on one core at a scale of milliseconds, so they see the
# same CPU speed: this VM's speed drifts by a factor of two within a minute, and servers
# measured one after the other, even seconds apart, did not. The scheduler does not split
# the core evenly between them, so requests/s under shared load compare nothing; the cost of
# a request is its CPU time, and a server alone on a core serves 1/(CPU time per request):
# the script reports that as requests per CPU-second. Several JVMs per variant and fresh
# JVMs per set, because two JVMs of the same variant differ by up to 5% here (the JIT
# compiles them differently): a variant's cost in a slice is the mean over its JVMs, and the
# two first JVMs of the baseline, compared with each other (an A/A check), show what the
# method can resolve.
# The script prints every slice, then per variant the medians over all slices, the median of
# the per-slice ratios to the first variant, the median ratio of each set, and the A/A ratio
# of each set.
# VARIANTS picks and orders the variants (the first is the baseline); a variant may add
# application arguments after a colon, comma-separated, to switch a part off:
#   VARIANTS="without-starter starter+hook starter+hook:--async-hooks.webmvc.enabled=false"
# Usage:
#   benchmarks/http/run.sh                          # 5 sets of 6 JVMs, 4 slices of 10 s each
#   SETS=3 ROUNDS=3 JVMS=1 WARMUP=120s benchmarks/http/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

SETS=${SETS:-5}
ROUNDS=${ROUNDS:-4}
SLICE=${SLICE:-10s}
WARMUP=${WARMUP:-300s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
PIN=${PIN:-1}
JVMS=${JVMS:-2}
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
base=${variants[0]}
# the servers: JVMS per variant, named variant#1, variant#2, ...
instances=()
for v in "${variants[@]}"; do
  for j in $(seq 1 "$JVMS"); do instances+=("$v#$j"); done
done
client_cpu=() wrk_threads=2 wrk_threads_warm=1 pinned=0
if [ "$PIN" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  client_cpu=(taskset -c 1) wrk_threads=1 pinned=1
fi
declare -A pids ports

start() { # instance port
  local v=${1%#*} cp=$full_cp args=(--demo.logging-hook.enabled=false) more
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
    --logging.level.root=WARN "${args[@]}" >"$out/$(printf %s "$1" | tr -c 'A-Za-z0-9+.=_-' _).log" 2>&1 &
  pids[$1]=$!
  ports[$1]=$2
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$2/orders" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the demo did not start ($1): see $out/" >&2
  exit 1
}

stop_all() {
  for v in "${!pids[@]}"; do kill "${pids[$v]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
trap stop_all EXIT

# CPU time of a server, in clock ticks: all its threads, and its JIT compiler threads apart
cpu() { # pid -> "total compiler"
  local t c=0 name
  t=$(awk '{print $14 + $15}' "/proc/$1/stat")
  for task in /proc/"$1"/task/*; do
    { read -r name <"$task/comm"; } 2>/dev/null || continue
    case $name in C1\ Compiler* | C2\ Compiler*) c=$((c + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0))) ;; esac
  done
  echo "$t $c"
}

# all servers of the set under load together (on both cores, one wrk each) in 10 s slices,
# until the JIT compiler threads of every one take under 2% of its CPU in a slice (after 60 s
# at least, WARMUP seconds at most): the compiler is still busy minutes into the load, and a
# server left idle while another warms compiles again once loaded
warm_all() {
  local v waited=0 settled share shares
  for v in "${instances[@]}"; do
    curl -sf -X POST -H 'Content-Type: application/json' -d '{"item":"book","quantity":1}' \
      "http://127.0.0.1:${ports[$v]}/orders" >/dev/null
  done
  while [ "$waited" -lt "${WARMUP%s}" ]; do
    settled=1 shares=""
    while read -r _ total nojit; do
      share=$(awk -v t="$total" -v m="$nojit" 'BEGIN {printf "%.1f", (t > 0) ? (t - m) * 100 / t : 0}')
      shares+=" $share%"
      awk -v s="$share" 'BEGIN {exit !(s >= 2)}' && settled=0
    done < <(together 10s "$wrk_threads_warm" "")
    waited=$((waited + 10))
    if [ "$waited" -ge 60 ] && [ "$settled" = 1 ]; then break; fi
  done
  echo "  warmed up together for ${waited}s (JIT compiler threads, share of each server's CPU in the last 10 s:$shares)"
}

# all servers of the set under load at once, one wrk each; prints per server, in the order
# of instances, "requests CPU-us/request CPU-us/request-without-the-JIT-compiler"
together() { # duration [wrk threads] [client CPU]
  local v w=() hz threads=${2:-$wrk_threads} on
  declare -A t0 c0 t1 c1
  read -ra on <<<"${3-${client_cpu[*]}}"
  hz=$(getconf CLK_TCK)
  for v in "${instances[@]}"; do read -r "t0[$v]" "c0[$v]" < <(cpu "${pids[$v]}"); done
  for k in "${!instances[@]}"; do
    "${on[@]}" wrk -t"$threads" -c"$CONNECTIONS" -d"$1" \
      "http://127.0.0.1:${ports[${instances[$k]}]}/orders/1" >"$out/wrk.$k" &
    w+=($!)
  done
  wait "${w[@]}"
  for v in "${instances[@]}"; do read -r "t1[$v]" "c1[$v]" < <(cpu "${pids[$v]}"); done
  for k in "${!instances[@]}"; do
    v=${instances[$k]}
    awk -v t=$((${t1[$v]} - ${t0[$v]})) -v c=$((${c1[$v]} - ${c0[$v]})) -v hz="$hz" '/requests in/ {n = $1}
      END {printf "%d %.2f %.2f\n", n, t * 1e6 / hz / n, (t - c) * 1e6 / hz / n}' "$out/wrk.$k"
  done
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mean() { tr ' ' '\n' | grep -v '^$' | awk '{s += $1} END {print s / NR}'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }

declare -A cpus muts cratios mratios sets
aa_sets=""
for set in $(seq 1 "$SETS"); do
  echo "set $set:"
  port=$PORT
  for v in "${instances[@]}"; do
    start "$v" "$port"
    port=$((port + 1))
  done
  warm_all
  if [ "$pinned" = 1 ]; then
    for v in "${instances[@]}"; do taskset -a -p -c 0 "${pids[$v]}" >/dev/null; done
  fi
  together 10s >/dev/null # settle under the final placement
  declare -A setratios=()
  aa_slices=""
  for round in $(seq 1 "$ROUNDS"); do
    mapfile -t res < <(together "$SLICE")
    declare -A vc=() vm=()
    line="  slice $round:"
    for k in "${!instances[@]}"; do
      read -r n c m <<<"${res[$k]}"
      line+=" ${instances[$k]} $n requests, $c us CPU/request ($m without JIT);"
      v=${instances[$k]%#*}
      vc[$v]+=" $c" vm[$v]+=" $m"
    done
    echo "${line%;}"
    cb=$(mean <<<"${vc[$base]}") mb=$(mean <<<"${vm[$base]}")
    for v in "${variants[@]}"; do
      c=$(mean <<<"${vc[$v]}") m=$(mean <<<"${vm[$v]}")
      cpus[$v]+=" $c" muts[$v]+=" $m"
      r=$(div "$m" "$mb")
      cratios[$v]+=" $(div "$c" "$cb")" mratios[$v]+=" $r" setratios[$v]+=" $r"
    done
    if [ "$JVMS" -ge 2 ]; then
      read -r _ _ m1 <<<"${res[0]}"
      read -r _ _ m2 <<<"${res[1]}"
      aa_slices+=" $(div "$m2" "$m1")"
    fi
  done
  for v in "${variants[@]}"; do sets[$v]+=" $(median <<<"${setratios[$v]}")"; done
  if [ "$JVMS" -ge 2 ]; then aa_sets+=" $(median <<<"$aa_slices")"; fi
  stop_all
done

echo
printf '%-44s %11s %8s %17s %8s %21s %8s\n' variant 'CPU us/req' ratio 'same without JIT' ratio 'requests/CPU-second' ratio
for v in "${variants[@]}"; do
  m=$(median <<<"${muts[$v]}") r=$(median <<<"${mratios[$v]}")
  printf '%-44s %11.1f %8.3f %17.1f %8.3f %21.0f %8.3f\n' "$v" "$(median <<<"${cpus[$v]}")" \
    "$(median <<<"${cratios[$v]}")" "$m" "$r" "$(div 1e6 "$m")" "$(div 1 "$r")"
done
echo "(a variant's CPU per request in a slice is the mean over its $JVMS JVM(s); medians over all slices;"
echo " each ratio is the median of the per-slice ratios to $base; requests per CPU-second ="
echo " 1e6 / CPU us per request without the JIT compiler, what one core serves)"
echo
echo "median ratio of CPU per request (without JIT) to $base, set by set:"
for v in "${variants[@]:1}"; do printf '%-44s %s\n' "$v" "${sets[$v]}"; done
if [ "$JVMS" -ge 2 ]; then
  echo
  echo "A/A: two JVMs of $base, the second's CPU per request (without JIT) over the first's, median"
  printf '%-44s %s\n' "of each set:" "$aa_sets"
fi
