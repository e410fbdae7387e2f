package dev.asynchooks.autoconfigure.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load on one application, from a fixed number of client threads on loopback: a
 * given number of requests, spread over weighted routes by a seeded random (the first
 * requests take each route once, so every fault is injected in every run), stopping by
 * itself when the count is reached or a deadline has passed.
 * <p>
 * A route is asked in one of three ways: an ordinary request through {@link HttpClient},
 * whose status must be one of the route's expected statuses and whose body, when the
 * route echoes it, must carry the request's {@code X-Tag} (the handler read it from an
 * {@code AsyncLocalStorage} where its work ran); a raw socket that sends the request and
 * closes at once (half of them with a reset); or a raw socket that reads the response
 * head and the first bytes of a stream and then resets the connection.
 *
 * @author async-hooks
 */
final class ChaosLoad {

	static final String REQUESTS_PROPERTY = "asynchooks.chaos.requests";

	static final int CI_REQUESTS = 2_000;

	static final int CLIENTS = 8;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_UNEXPECTED = 20;

	private final int port;

	private final List<Route> routes;

	private final int totalWeight;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(REQUEST_TIMEOUT)
		.build();

	private final AtomicLong next = new AtomicLong();

	private final Map<String, Map<Integer, LongAdder>> statuses = new ConcurrentHashMap<>();

	private final LongAdder sent = new LongAdder();

	private final Map<String, LongAdder> asked = new ConcurrentHashMap<>();

	private final LongAdder aborts = new LongAdder();

	private final LongAdder resets = new LongAdder();

	private final LongAdder streamAborts = new LongAdder();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	private final LongAdder unexpectedCount = new LongAdder();

	ChaosLoad(int port, List<Route> routes) {
		this.port = port;
		this.routes = routes;
		this.totalWeight = routes.stream().mapToInt(Route::weight).sum();
	}

	/**
	 * The number of requests asked for with {@value #REQUESTS_PROPERTY}, or the CI size.
	 * @return the number of requests of a run
	 */
	static long requests() {
		return Long.getLong(REQUESTS_PROPERTY, CI_REQUESTS);
	}

	/**
	 * Send {@code requests} requests from {@value #CLIENTS} threads.
	 * @param requests how many
	 * @param deadline how long the whole load may take
	 * @return whether every request was sent before the deadline
	 */
	boolean run(long requests, Duration deadline) throws Exception {
		long end = System.nanoTime() + deadline.toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				Random random = new Random(24 + i);
				running.add(clients.submit(() -> {
					for (long n = this.next.getAndIncrement(); n < requests
							&& System.nanoTime() < end; n = this.next.getAndIncrement()) {
						Route route = (n < this.routes.size()) ? this.routes.get((int) n) : pick(random);
						send(route, n, random);
						this.sent.increment();
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get(deadline.toMillis() + REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		return this.sent.sum() == requests;
	}

	private Route pick(Random random) {
		int at = random.nextInt(this.totalWeight);
		for (Route route : this.routes) {
			at -= route.weight();
			if (at < 0) {
				return route;
			}
		}
		throw new IllegalStateException("weights");
	}

	private void send(Route route, long n, Random random) throws Exception {
		String tag = "t" + n;
		this.asked.computeIfAbsent(route.path(), (path) -> new LongAdder()).increment();
		switch (route.kind()) {
			case REQUEST -> request(route, tag);
			case ABORT -> abort(route, tag, random.nextBoolean());
			case STREAM_ABORT -> streamAbort(route, tag);
		}
	}

	private void request(Route route, String tag) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + route.path()))
			.header("X-Tag", tag)
			.timeout(REQUEST_TIMEOUT)
			.build();
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			unexpected(route, "no response: " + ex);
			return;
		}
		int status = response.statusCode();
		this.statuses.computeIfAbsent(route.path(), (path) -> new ConcurrentHashMap<>())
			.computeIfAbsent(status, (code) -> new LongAdder())
			.increment();
		if (!route.expected().contains(status)) {
			unexpected(route, "status " + status + ": " + abbreviate(response.body()));
		}
		else if (status == 200 && route.echoesTag() && !response.body().contains("tag=" + tag + ";")) {
			unexpected(route, "body without tag=" + tag + ": " + abbreviate(response.body()));
		}
	}

	private void abort(Route route, String tag, boolean reset) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			if (reset) {
				socket.setSoLinger(true, 0);
			}
			OutputStream out = socket.getOutputStream();
			out.write(requestHead(route, tag));
			out.flush();
		}
		(reset ? this.resets : this.aborts).increment();
	}

	private void streamAbort(Route route, String tag) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
			socket.setSoLinger(true, 0);
			socket.getOutputStream().write(requestHead(route, tag));
			socket.getOutputStream().flush();
			// the head, then the first bytes of the body: the stream is running
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			if (!head.startsWith("HTTP/1.1 200")) {
				unexpected(route, "stream answered " + abbreviate(head));
				return;
			}
			if (in.read() < 0) {
				unexpected(route, "stream ended before its first bytes");
				return;
			}
		}
		this.streamAborts.increment();
	}

	private byte[] requestHead(Route route, String tag) {
		return ("GET " + route.path() + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nX-Tag: " + tag
				+ "\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int matched = 0;
		int c;
		while (matched < 4 && (c = in.read()) >= 0) {
			head.append((char) c);
			matched = ((c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)))
					? matched + 1 : 0;
		}
		return head.toString();
	}

	private void unexpected(Route route, String what) {
		this.unexpectedCount.increment();
		if (this.unexpected.size() < MAX_UNEXPECTED) {
			this.unexpected.add(route.path() + ": " + what);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/**
	 * The statuses received, per route.
	 * @return route path to status to count
	 */
	Map<String, Map<Integer, Long>> statuses() {
		Map<String, Map<Integer, Long>> statuses = new TreeMap<>();
		this.statuses.forEach((path, counts) -> {
			Map<Integer, Long> sums = new TreeMap<>();
			counts.forEach((status, count) -> sums.put(status, count.sum()));
			statuses.put(path, sums);
		});
		return statuses;
	}

	/**
	 * The routes asked at least once, and the routes of the load.
	 * @return whether every route was asked
	 */
	boolean askedEveryRoute() {
		return this.asked.keySet().containsAll(this.routes.stream().map(Route::path).toList());
	}

	long responses() {
		return this.statuses.values()
			.stream()
			.flatMap((counts) -> counts.values().stream())
			.mapToLong(LongAdder::sum)
			.sum();
	}

	long sent() {
		return this.sent.sum();
	}

	long aborts() {
		return this.aborts.sum();
	}

	long resets() {
		return this.resets.sum();
	}

	long streamAborts() {
		return this.streamAborts.sum();
	}

	long unexpectedCount() {
		return this.unexpectedCount.sum();
	}

	List<String> unexpected() {
		return new ArrayList<>(this.unexpected);
	}

	/**
	 * A route of a chaos application.
	 *
	 * @param path the path and query
	 * @param kind how it is asked
	 * @param weight how often, relative to the others
	 * @param expected the statuses it may answer (for {@link Kind#REQUEST})
	 * @param echoesTag whether a 200 body carries {@code tag=<X-Tag>;}
	 */
	record Route(String path, Kind kind, int weight, Set<Integer> expected, boolean echoesTag) {

		static Route request(String path, int weight, boolean echoesTag, Integer... expected) {
			return new Route(path, Kind.REQUEST, weight, Set.of(expected), echoesTag);
		}

		static Route abort(String path, int weight) {
			return new Route(path, Kind.ABORT, weight, Set.of(), false);
		}

		static Route streamAbort(String path, int weight) {
			return new Route(path, Kind.STREAM_ABORT, weight, Set.of(), false);
		}

	}

	enum Kind {

		/** An ordinary request, whose answer is checked. */
		REQUEST,

		/**
		 * A request sent on a raw socket closed at once, half of the time with a reset.
		 */
		ABORT,

		/** A stream read up to its first bytes, then the connection reset. */
		STREAM_ABORT

	}

}
