#!/usr/bin/env bash
# The demo against a real tracing backend: a Zipkin server (the io.zipkin:zipkin-server executable jar
# from Maven Central) on loopback, the demo exporting its spans to it (Maven profile and Spring profile
# 'zipkin'), one request whose @Async work and CompletableFuture dependent become child spans, the
# same trace's live resources from /actuator/asynchooks?traceId=..., then the trace as Zipkin has it.
# Needs JDK 17+, Maven, curl and jq. Run from anywhere: demo-app/zipkin-demo.sh
set -euo pipefail

ZIPKIN_VERSION=${ZIPKIN_VERSION:-3.6.1}
ZIPKIN_PORT=${ZIPKIN_PORT:-19411}
APP_PORT=${APP_PORT:-18392}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()

cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # url, what
	for _ in $(seq 1 120); do
		if curl -fs "$1" > /dev/null 2>&1; then
			return 0
		fi
		sleep 1
	done
	echo "$2 did not start; its log:" >&2
	cat "$work"/*.log >&2
	exit 1
}

echo "== fetching zipkin-server $ZIPKIN_VERSION (exec) from Maven Central"
mvn -B -q -Dstyle.color=never -f "$root/demo-app/pom.xml" dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
	-DoutputDirectory="$work" -Dmdep.stripVersion=true > "$work/fetch.log" 2>&1 || { cat "$work/fetch.log" >&2; exit 1; }
java -jar "$work/zipkin-server-exec.jar" --server.address=127.0.0.1 --server.port="$ZIPKIN_PORT" \
	> "$work/zipkin.log" 2>&1 &
pids+=($!)

echo "== building the demo with the zipkin profile"
mvn -B -q -Dstyle.color=never -f "$root/pom.xml" -Pzipkin -pl demo-app -am package -DskipTests > "$work/build.log" 2>&1 \
	|| { cat "$work/build.log" >&2; exit 1; }
wait_for "http://127.0.0.1:$ZIPKIN_PORT/health" "Zipkin"
ZIPKIN_PORT=$ZIPKIN_PORT java -jar "$root"/demo-app/target/demo-app-*.jar --spring.profiles.active=zipkin \
	--server.address=127.0.0.1 --server.port="$APP_PORT" > "$work/demo.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$APP_PORT/actuator/health" "The demo"
app="http://127.0.0.1:$APP_PORT"

echo "== an order, then its shipment (4 s of @Async work, a dependent registered by the request)"
curl -s -X POST "$app/orders" -H 'Content-Type: application/json' -d '{"item":"book","quantity":2}'
echo
shipment=$(curl -s -X POST "$app/orders/1/shipments?seconds=4")
echo "$shipment"
trace=$(jq -r .traceId <<< "$shipment")

echo "== what of trace $trace is still live: GET /actuator/asynchooks?traceId=$trace"
curl -s -H 'Accept: text/plain' "$app/actuator/asynchooks?traceId=$trace"
curl -s "$app/actuator/asynchooks?traceId=$trace" \
	| jq -c '.resources[] | {asyncId, type, state, description, traceId, spanId}'

echo "== a malformed trace id: HTTP $(curl -s -o /dev/null -w '%{http_code}' "$app/actuator/asynchooks?traceId=xyz")"

echo "== the trace in Zipkin once the shipment is done: GET /api/v2/trace/$trace"
sleep 6
curl -s "http://127.0.0.1:$ZIPKIN_PORT/api/v2/trace/$trace" \
	| jq -c 'sort_by(.timestamp)[] | {name, id, parentId, kind, durationMs: ((.duration // 0) / 1000 | floor)}'
