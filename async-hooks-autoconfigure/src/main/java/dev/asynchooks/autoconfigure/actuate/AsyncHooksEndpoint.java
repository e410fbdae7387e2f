package dev.asynchooks.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.live.LiveResource;
import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResources.Forest;
import dev.asynchooks.live.LiveResources.Node;
import dev.asynchooks.live.LiveResources.ParentLink;
import dev.asynchooks.live.LiveResources.TypeStatistics;
import dev.asynchooks.live.PlainTextResourcesFormatter;
import dev.asynchooks.live.SiteGroups;
import dev.asynchooks.trace.TraceRecording;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} that shows the live resources of the application as the
 * trees of the Node.js async_hooks documentation: each resource under the resource that
 * triggered it (or, with {@code by=execution}, under the context that created it), with
 * its state, age, runs, thread and description; plus the enabled hooks and counts per
 * type. Each resource shows its creation site (the line of the application that created
 * it); {@code site=} keeps the resources whose site contains a text, as a flat list, and
 * {@code by=site} groups the live resources by site, with counts, types and the oldest.
 * {@code GET /actuator/asynchooks/{asyncId}} shows one resource with its tree and its
 * ancestors. Both have a {@code text/plain} form (see
 * {@link PlainTextResourcesFormatter}: bounded indentation, control characters escaped).
 * The {@code type} filter ignores case. A browser gets the {@code text/html} form, a page
 * of the same forest ({@link HtmlResourcesPage}).
 * {@code GET /actuator/asynchooks/trace?seconds=N} records the lifecycle for N seconds
 * and answers a Perfetto trace (see {@link TraceOperation}).
 * <p>
 * Responses are bounded: at most {@code limit} resources, ancestors included (default
 * {@value AsyncHooksEndpointProperties#DEFAULT_LIMIT}, at most
 * {@code management.endpoint.asynchooks.max-limit}), with {@code truncated} set when some
 * were left out. Values that may be sensitive (a resource's details, such as a full
 * request URI) are shown only when {@code management.endpoint.asynchooks.show-values}
 * allows it. Bad parameters are answered with 400, never 500; reading the registry takes
 * no lock that application threads wait on.
 *
 * @since 0.1.0
 */
@Endpoint(id = "asynchooks")
public class AsyncHooksEndpoint {

	static final String MASK = PlainTextResourcesFormatter.MASK;

	private static final String TEXT = "text/plain;charset=UTF-8";

	private static final String HTML = "text/html;charset=UTF-8";

	private final LiveResources liveResources;

	private final Show showValues;

	private final Set<String> roles;

	private final int defaultLimit;

	private final int maxLimit;

	private final TraceOperation trace = new TraceOperation(TraceRecording.DEFAULT_MAX_EVENTS);

	/**
	 * Create an endpoint.
	 * @param liveResources the registry to show
	 * @param showValues when sensitive values are shown
	 * @param roles the roles that may see them with {@link Show#WHEN_AUTHORIZED}
	 * @param defaultLimit the number of resources shown when no limit is given
	 * @param maxLimit the most resources shown whatever the limit given
	 */
	public AsyncHooksEndpoint(LiveResources liveResources, Show showValues, Set<String> roles, int defaultLimit,
			int maxLimit) {
		this.liveResources = liveResources;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
		this.maxLimit = Math.max(1, maxLimit);
		this.defaultLimit = Math.min(Math.max(1, defaultLimit), this.maxLimit);
	}

	/**
	 * The live resources, without a site filter.
	 * @param securityContext who asks
	 * @param by {@code trigger}, {@code execution} or {@code site}
	 * @param type a type to keep, or {@code null}
	 * @param limit the most resources, or {@code null}
	 * @return the response
	 */
	public WebEndpointResponse<Object> resources(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String limit) {
		return resources(securityContext, by, type, null, limit);
	}

	/**
	 * The text form of the live resources, without a site filter.
	 * @param securityContext who asks
	 * @param by {@code trigger}, {@code execution} or {@code site}
	 * @param type a type to keep, or {@code null}
	 * @param limit the most resources, or {@code null}
	 * @return the response
	 */
	public WebEndpointResponse<String> resourcesText(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String limit) {
		return resourcesText(securityContext, by, type, null, limit);
	}

	/**
	 * The live resources, without a trace filter.
	 * @param securityContext who asks
	 * @param by {@code trigger}, {@code execution} or {@code site}
	 * @param type a type to keep, or {@code null}
	 * @param site a text to keep in creation sites, or {@code null}
	 * @param limit the most resources, or {@code null}
	 * @return the response
	 */
	public WebEndpointResponse<Object> resources(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String limit) {
		return resources(securityContext, by, type, site, null, limit);
	}

	/**
	 * The text form of the live resources, without a trace filter.
	 * @param securityContext who asks
	 * @param by {@code trigger}, {@code execution} or {@code site}
	 * @param type a type to keep, or {@code null}
	 * @param site a text to keep in creation sites, or {@code null}
	 * @param limit the most resources, or {@code null}
	 * @return the response
	 */
	public WebEndpointResponse<String> resourcesText(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String limit) {
		return resourcesText(securityContext, by, type, site, null, limit);
	}

	@ReadOperation
	public WebEndpointResponse<Object> resources(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String traceId, @Nullable String limit) {
		try {
			Query query = query(by, type, site, traceId, limit);
			return new WebEndpointResponse<>(query.bySite() ? describeSites(query) : describe(securityContext, query));
		}
		catch (InvalidQueryException ex) {
			return badRequest(ex);
		}
	}

	@ReadOperation(produces = TEXT)
	public WebEndpointResponse<String> resourcesText(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String traceId, @Nullable String limit) {
		try {
			Query query = query(by, type, site, traceId, limit);
			PlainTextResourcesFormatter text = new PlainTextResourcesFormatter(show(securityContext));
			if (query.bySite()) {
				text.sites(this.liveResources.sites(query.type(), query.site(), query.limit()));
				return new WebEndpointResponse<>(text.toString(), WebEndpointResponse.STATUS_OK);
			}
			Forest forest = this.liveResources.forest(query.by(), query.type(), query.site(), query.traceId(),
					query.limit());
			text.trees(forest.nodes(), 0);
			footer(forest, query.limit(), text);
			return new WebEndpointResponse<>(text.toString(), WebEndpointResponse.STATUS_OK);
		}
		catch (InvalidQueryException ex) {
			return new WebEndpointResponse<>(ex.getMessage() + "\n", WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * The forest as a self-contained page for a browser ({@link HtmlResourcesPage}): what
	 * a browser's {@code Accept} header gets, while {@code *}{@code /*} still gets JSON.
	 * Empty options (the page's form leaves them empty) mean no filter.
	 */
	public WebEndpointResponse<String> resourcesHtml(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String limit) {
		return resourcesHtml(securityContext, by, type, site, null, limit);
	}

	/**
	 * The forest as a page, with a trace filter.
	 * @param securityContext who asks
	 * @param by {@code trigger} or {@code execution}
	 * @param type a type to keep, or {@code null}
	 * @param site a text to keep in creation sites, or {@code null}
	 * @param traceId a trace to keep, or {@code null}
	 * @param limit the most resources, or {@code null}
	 * @return the page
	 */
	@ReadOperation(produces = HTML)
	public WebEndpointResponse<String> resourcesHtml(SecurityContext securityContext, @Nullable String by,
			@Nullable String type, @Nullable String site, @Nullable String traceId, @Nullable String limit) {
		HtmlResourcesPage page = new HtmlResourcesPage(new HtmlResourcesPage.Options(by, type, site, limit));
		try {
			Query query = query(given(by), given(type), given(site), given(traceId), given(limit));
			if (query.bySite()) {
				return new WebEndpointResponse<>(
						page.error("The resources grouped by site (by=site) are answered as JSON and as text "
								+ "(Accept: text/plain), not as a page"),
						WebEndpointResponse.STATUS_BAD_REQUEST);
			}
			return new WebEndpointResponse<>(page.render(describe(securityContext, query)),
					WebEndpointResponse.STATUS_OK);
		}
		catch (InvalidQueryException ex) {
			return new WebEndpointResponse<>(page.error(ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * One resource with its tree and its ancestors, as JSON.
	 * @param securityContext the caller
	 * @param asyncId the resource's id
	 * @param by {@code trigger} (default) or {@code execution}
	 * @param limit the most resources shown
	 * @return the resource, 404 when it is not live, 400 for bad parameters
	 */
	public WebEndpointResponse<Object> resource(SecurityContext securityContext, String asyncId, @Nullable String by,
			@Nullable String limit) {
		return resource(securityContext, asyncId, by, limit, null);
	}

	/**
	 * One resource as JSON, or, for the selector {@code trace}, a Perfetto trace recorded
	 * for {@code seconds} (see {@link TraceOperation}).
	 * @param securityContext the caller
	 * @param asyncId the resource's id, or {@code trace}
	 * @param by {@code trigger} (default) or {@code execution}
	 * @param limit the most resources shown
	 * @param seconds how long a trace records (1–60, default 5)
	 * @return the resource or the trace
	 */
	@ReadOperation
	public WebEndpointResponse<Object> resource(SecurityContext securityContext, @Selector String asyncId,
			@Nullable String by, @Nullable String limit, @Nullable String seconds) {
		if (TraceOperation.SELECTOR.equals(asyncId)) {
			return this.trace.record(seconds);
		}
		try {
			ResourceDescriptor descriptor = describe(securityContext, asyncId(asyncId), treeQuery(by, limit));
			return (descriptor != null) ? new WebEndpointResponse<>(descriptor)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (InvalidQueryException ex) {
			return badRequest(ex);
		}
	}

	/**
	 * One resource with its tree and its ancestors, as text.
	 * @param securityContext the caller
	 * @param asyncId the resource's id
	 * @param by {@code trigger} (default) or {@code execution}
	 * @param limit the most resources shown
	 * @return the resource, 404 when it is not live, 400 for bad parameters
	 */
	@SuppressWarnings("unchecked")
	public WebEndpointResponse<String> resourceText(SecurityContext securityContext, String asyncId,
			@Nullable String by, @Nullable String limit) {
		return (WebEndpointResponse<String>) resourceText(securityContext, asyncId, by, limit, null);
	}

	/**
	 * One resource as text, or, for the selector {@code trace}, a Perfetto trace.
	 * @param securityContext the caller
	 * @param asyncId the resource's id, or {@code trace}
	 * @param by {@code trigger} (default) or {@code execution}
	 * @param limit the most resources shown
	 * @param seconds how long a trace records (1–60, default 5)
	 * @return the resource or the trace
	 */
	@ReadOperation(produces = TEXT)
	public WebEndpointResponse<?> resourceText(SecurityContext securityContext, @Selector String asyncId,
			@Nullable String by, @Nullable String limit, @Nullable String seconds) {
		if (TraceOperation.SELECTOR.equals(asyncId)) {
			WebEndpointResponse<Object> trace = this.trace.record(seconds);
			return (trace.getBody() instanceof ErrorDescriptor error)
					? new WebEndpointResponse<>(error.error() + "\n", trace.getStatus()) : trace;
		}
		try {
			Query query = treeQuery(by, limit);
			ResourceView view = view(asyncId(asyncId), query);
			if (view == null) {
				return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
			}
			PlainTextResourcesFormatter text = new PlainTextResourcesFormatter(show(securityContext));
			List<LiveResource> ancestors = view.ancestors();
			if (view.ancestorsTruncated()) {
				text.line("... more ancestors not shown (limit " + query.limit() + ")");
			}
			for (int i = ancestors.size() - 1; i >= 0; i--) {
				text.resource(ancestors.get(i), ancestors.size() - 1 - i);
			}
			text.trees(view.tree().nodes(), ancestors.size());
			footer(view.tree(), query.limit(), text);
			return new WebEndpointResponse<>(text.toString(), WebEndpointResponse.STATUS_OK);
		}
		catch (InvalidQueryException ex) {
			return new WebEndpointResponse<>(ex.getMessage() + "\n", WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	LiveResourcesDescriptor describe(SecurityContext securityContext, Query query) {
		Forest forest = this.liveResources.forest(query.by(), query.type(), query.site(), query.traceId(),
				query.limit());
		boolean show = show(securityContext);
		Map<String, TypeDescriptor> counts = new TreeMap<>();
		long live = 0;
		for (TypeStatistics statistics : this.liveResources.types()) {
			counts.put(statistics.type(), new TypeDescriptor(statistics.active(), statistics.created(),
					statistics.destroyed(), statistics.dropped()));
			live += statistics.active();
		}
		List<String> hooks = AsyncHooks.enabledHooks()
			.stream()
			.map(AsyncHook::callbacks)
			.map((callbacks) -> callbacks.getClass().getName())
			.toList();
		return new LiveResourcesDescriptor(query.by().name().toLowerCase(Locale.ROOT), query.type(), query.site(),
				query.traceId(), query.limit(), forest.matched(), forest.included(), forest.truncated(), live,
				this.liveResources.created(), this.liveResources.destroyed(), this.liveResources.dropped(),
				this.liveResources.maxTracked(), LiveResources.hookErrors(), hooks, counts,
				nodes(forest.nodes(), show));
	}

	SitesDescriptor describeSites(Query query) {
		SiteGroups sites = this.liveResources.sites(query.type(), query.site(), query.limit());
		List<SiteDescriptor> groups = sites.groups()
			.stream()
			.map((group) -> new SiteDescriptor(group.site(), group.count(), group.types(), group.oldestAsyncId(),
					group.oldestAge()))
			.toList();
		return new SitesDescriptor("site", query.type(), query.site(), query.limit(), sites.matched(), sites.sites(),
				sites.truncated(), groups);
	}

	@Nullable ResourceDescriptor describe(SecurityContext securityContext, long asyncId, Query query) {
		ResourceView view = view(asyncId, query);
		if (view == null) {
			return null;
		}
		boolean show = show(securityContext);
		List<NodeDescriptor> ancestors = view.ancestors()
			.stream()
			.map((ancestor) -> node(ancestor, null, show))
			.toList();
		Forest tree = view.tree();
		List<NodeDescriptor> nodes = nodes(tree.nodes(), show);
		return new ResourceDescriptor(nodes.get(0), nodes.subList(1, nodes.size()), ancestors, tree.matched(),
				tree.included(), tree.truncated() || view.ancestorsTruncated(), view.ancestorsTruncated());
	}

	/**
	 * One resource with its tree and its nearest ancestors, {@code limit} resources in
	 * all: the resource, then up to half of the rest for its ancestors and the remainder
	 * for its tree; ancestors also take what the tree leaves unused. The chain of
	 * ancestors is read only as far as the limit, however long it is.
	 */
	private @Nullable ResourceView view(long asyncId, Query query) {
		int limit = query.limit();
		List<LiveResource> ancestors = this.liveResources.ancestors(asyncId, limit);
		int reserved = Math.min(ancestors.size(), (limit - 1) / 2);
		Forest tree = this.liveResources.tree(asyncId, query.by(), limit - reserved).orElse(null);
		if (tree == null || tree.nodes().isEmpty()) {
			return null;
		}
		int room = limit - tree.included();
		boolean ancestorsTruncated = ancestors.size() > room;
		return new ResourceView(tree, ancestorsTruncated ? ancestors.subList(0, room) : ancestors, ancestorsTruncated);
	}

	private boolean show(SecurityContext securityContext) {
		return this.showValues.isShown(securityContext, this.roles);
	}

	private Query query(@Nullable String by, @Nullable String type, @Nullable String site, @Nullable String traceId,
			@Nullable String limit) {
		boolean bySite = by != null && "site".equals(by.trim().toLowerCase(Locale.ROOT));
		return new Query(bySite ? ParentLink.TRIGGER : parentLink(by), bySite, notBlank("type", type),
				notBlank("site", site), traceId(traceId), limit(limit));
	}

	// one resource's tree: by trigger or execution only
	private Query treeQuery(@Nullable String by, @Nullable String limit) {
		return new Query(parentLink(by), false, null, null, null, limit(limit));
	}

	// 32 hex digits (W3C, B3 128-bit) or 16 (B3 64-bit), compared ignoring case
	private static @Nullable String traceId(@Nullable String traceId) {
		if (traceId == null) {
			return null;
		}
		String id = traceId.trim();
		if ((id.length() != 32 && id.length() != 16) || !id.chars().allMatch((c) -> Character.digit(c, 16) >= 0)) {
			throw new InvalidQueryException("Invalid value for 'traceId': expected 32 (or, for B3, 16) hex digits");
		}
		return id.toLowerCase(Locale.ROOT);
	}

	private static @Nullable String given(@Nullable String option) {
		return (option != null && !option.isBlank()) ? option : null;
	}

	private static ParentLink parentLink(@Nullable String by) {
		if (by == null) {
			return ParentLink.TRIGGER;
		}
		return switch (by.trim().toLowerCase(Locale.ROOT)) {
			case "trigger" -> ParentLink.TRIGGER;
			case "execution" -> ParentLink.EXECUTION;
			default -> throw new InvalidQueryException(
					"Invalid value for 'by': expected 'trigger', 'execution' or (for all resources) 'site'");
		};
	}

	private static @Nullable String notBlank(String name, @Nullable String value) {
		if (value != null && value.isBlank()) {
			throw new InvalidQueryException("Invalid value for '" + name + "': must not be empty");
		}
		return value;
	}

	private int limit(@Nullable String limit) {
		if (limit == null) {
			return this.defaultLimit;
		}
		int value;
		try {
			value = Integer.parseInt(limit.trim());
		}
		catch (NumberFormatException ex) {
			value = (limit.trim().matches("\\+?[0-9]+")) ? Integer.MAX_VALUE : 0;
		}
		if (value < 1) {
			throw new InvalidQueryException("Invalid value for 'limit': expected a positive integer");
		}
		return Math.min(value, this.maxLimit);
	}

	private static long asyncId(String asyncId) {
		try {
			return Long.parseLong(asyncId.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidQueryException("Invalid asyncId: expected a number");
		}
	}

	private static WebEndpointResponse<Object> badRequest(InvalidQueryException ex) {
		return new WebEndpointResponse<>(new ErrorDescriptor(ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static List<NodeDescriptor> nodes(Collection<Node> nodes, boolean show) {
		List<NodeDescriptor> descriptors = new ArrayList<>(nodes.size());
		for (Node node : nodes) {
			descriptors.add(node(node.resource(), nodes(node.children(), show), show));
		}
		return descriptors;
	}

	private static NodeDescriptor node(LiveResource resource, @Nullable List<NodeDescriptor> children, boolean show) {
		return new NodeDescriptor(resource.asyncId(), resource.type(), resource.triggerAsyncId(),
				resource.executionAsyncId(), resource.state().name().toLowerCase(Locale.ROOT), resource.age(),
				resource.runs(), resource.thread(), resource.threadId(), resource.description(),
				PlainTextResourcesFormatter.details(resource, show), resource.site(), resource.traceId(),
				resource.spanId(), children);
	}

	private void footer(Forest forest, int limit, PlainTextResourcesFormatter text) {
		if (forest.truncated()) {
			text.line("... " + (forest.matched() - forest.included()) + " more not shown (limit " + limit + ")");
		}
		long dropped = this.liveResources.dropped();
		if (dropped > 0) {
			text.line("... " + dropped + " resources were not tracked (more than " + this.liveResources.maxTracked()
					+ " live)");
		}
	}

	record Query(ParentLink by, boolean bySite, @Nullable String type, @Nullable String site, @Nullable String traceId,
			int limit) {

	}

	private record ResourceView(Forest tree, List<LiveResource> ancestors, boolean ancestorsTruncated) {

	}

	private static final class InvalidQueryException extends RuntimeException {

		InvalidQueryException(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The live resources.
	 *
	 * @param by the link that makes the trees: {@code trigger} or {@code execution}
	 * @param type the type asked for, or {@code null} for all (trees)
	 * @param site the text asked for in creation sites, or {@code null} for all (trees)
	 * @param traceId the trace asked for, or {@code null} for all (trees)
	 * @param limit the most resources included
	 * @param matched how many live resources matched
	 * @param included how many are in {@code resources}
	 * @param truncated whether some were left out because of the limit
	 * @param live the live resources tracked
	 * @param created the resources created since tracking began
	 * @param destroyed the tracked resources destroyed
	 * @param dropped the resources not tracked because the registry was full
	 * @param maxTracked the most resources tracked at once
	 * @param hookErrors how many hook callbacks threw in this process
	 * @param hooks the enabled hooks (their callbacks' class names), in call order
	 * @param counts per type
	 * @param resources the top-level nodes
	 */
	public record LiveResourcesDescriptor(String by, @Nullable String type, @Nullable String site,
			@Nullable String traceId, int limit, int matched, int included, boolean truncated, long live, long created,
			long destroyed, long dropped, int maxTracked, long hookErrors, List<String> hooks,
			Map<String, TypeDescriptor> counts, List<NodeDescriptor> resources) implements OperationResponseBody {

		/**
		 * The live resources, without a trace filter.
		 * @param by the link that makes the trees
		 * @param type the type asked for, or {@code null}
		 * @param site the text asked for in creation sites, or {@code null}
		 * @param limit the most resources included
		 * @param matched how many live resources matched
		 * @param included how many are in {@code resources}
		 * @param truncated whether some were left out
		 * @param live the live resources tracked
		 * @param created the resources created since tracking began
		 * @param destroyed the tracked resources destroyed
		 * @param dropped the resources not tracked
		 * @param maxTracked the most resources tracked at once
		 * @param hookErrors how many hook callbacks threw
		 * @param hooks the enabled hooks
		 * @param counts per type
		 * @param resources the top-level nodes
		 */
		public LiveResourcesDescriptor(String by, @Nullable String type, @Nullable String site, int limit, int matched,
				int included, boolean truncated, long live, long created, long destroyed, long dropped, int maxTracked,
				long hookErrors, List<String> hooks, Map<String, TypeDescriptor> counts,
				List<NodeDescriptor> resources) {
			this(by, type, site, null, limit, matched, included, truncated, live, created, destroyed, dropped,
					maxTracked, hookErrors, hooks, counts, resources);
		}

	}

	/**
	 * One live resource with the tree under it and its ancestors.
	 *
	 * @param resource the resource and its descendants, {@value LiveResources#MAX_DEPTH}
	 * levels deep at most
	 * @param continued the descendants deeper than that, as trees of their own (in the
	 * text form they follow the resource's tree)
	 * @param ancestors its nearest live ancestors by trigger, nearest first, as many as
	 * the limit leaves room for
	 * @param matched how many resources are in its tree
	 * @param included how many are in {@code resource}
	 * @param truncated whether some resources (of its tree or its ancestors) were left
	 * out because of the limit
	 * @param ancestorsTruncated whether some of its live ancestors were left out
	 */
	public record ResourceDescriptor(NodeDescriptor resource, List<NodeDescriptor> continued,
			List<NodeDescriptor> ancestors, int matched, int included, boolean truncated,
			boolean ancestorsTruncated) implements OperationResponseBody {

	}

	/**
	 * A resource in a tree.
	 *
	 * @param asyncId its id
	 * @param type its type
	 * @param triggerAsyncId the resource that caused it
	 * @param executionAsyncId the context that created it
	 * @param state {@code pending}, {@code running}, {@code waiting} or (a server)
	 * {@code listening}
	 * @param age the time since it was created
	 * @param runs how many times it was entered
	 * @param thread the thread running it, if it is running
	 * @param threadId the id of that thread, as in a JDK thread dump ({@code #id})
	 * @param description what it is
	 * @param details possibly sensitive details, masked unless {@code show-values} allows
	 * them
	 * @param site where it was created: the first frame of the application, such as
	 * {@code com.example.OrderService.process(OrderService.java:42)}
	 * @param traceId the trace of the span current where it was created (for an incoming
	 * request: of its server span), when Micrometer Tracing is used
	 * @param spanId the id of that span
	 * @param children its children ({@code null} for ancestors)
	 */
	public record NodeDescriptor(long asyncId, String type, long triggerAsyncId, long executionAsyncId, String state,
			Duration age, int runs, @Nullable String thread, @Nullable Long threadId, @Nullable String description,
			@Nullable String details, @Nullable String site, @Nullable String traceId, @Nullable String spanId,
			@Nullable List<NodeDescriptor> children) {

		/**
		 * A resource without trace.
		 * @param asyncId its id
		 * @param type its type
		 * @param triggerAsyncId the resource that caused it
		 * @param executionAsyncId the context that created it
		 * @param state its state
		 * @param age the time since it was created
		 * @param runs how many times it was entered
		 * @param thread the thread running it
		 * @param threadId the id of that thread
		 * @param description what it is
		 * @param details possibly sensitive details
		 * @param site where it was created
		 * @param children its children
		 */
		public NodeDescriptor(long asyncId, String type, long triggerAsyncId, long executionAsyncId, String state,
				Duration age, int runs, @Nullable String thread, @Nullable Long threadId, @Nullable String description,
				@Nullable String details, @Nullable String site, @Nullable List<NodeDescriptor> children) {
			this(asyncId, type, triggerAsyncId, executionAsyncId, state, age, runs, thread, threadId, description,
					details, site, null, null, children);
		}

	}

	/**
	 * The live resources grouped by creation site ({@code by=site}).
	 *
	 * @param by {@code site}
	 * @param type the type asked for, or {@code null} for all
	 * @param site the text asked for in creation sites, or {@code null} for all
	 * @param limit the most sites included
	 * @param matched how many live resources matched
	 * @param sites how many distinct sites they have
	 * @param truncated whether some sites were left out because of the limit
	 * @param groups the sites, most resources first
	 */
	public record SitesDescriptor(String by, @Nullable String type, @Nullable String site, int limit, int matched,
			int sites, boolean truncated, List<SiteDescriptor> groups) implements OperationResponseBody {

	}

	/**
	 * The live resources created at one site.
	 *
	 * @param site the site, or {@code null} for the resources without one
	 * @param count how many live resources it holds
	 * @param types how many of each type
	 * @param oldestAsyncId the oldest of them
	 * @param oldestAge its age
	 */
	public record SiteDescriptor(@Nullable String site, int count, Map<String, Integer> types, long oldestAsyncId,
			Duration oldestAge) {

	}

	/**
	 * Counts of one type.
	 *
	 * @param live tracked and live now
	 * @param created created since tracking began
	 * @param destroyed tracked and destroyed
	 * @param dropped not tracked because the registry was full
	 */
	public record TypeDescriptor(long live, long created, long destroyed, long dropped) {

	}

	/**
	 * Why a request was refused.
	 *
	 * @param error the reason
	 */
	public record ErrorDescriptor(String error) implements OperationResponseBody {

	}

}
