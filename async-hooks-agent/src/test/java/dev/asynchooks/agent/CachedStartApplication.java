package dev.asynchooks.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

/**
 * The program {@link ClassFileCacheTests} starts in a JVM of its own with the agent: it
 * prints the type of the resource each of a plain thread pool's task, a future, a thread
 * and a thread subclass's thread was, and the agent's errors.
 */
public final class CachedStartApplication {

	private CachedStartApplication() {
	}

	public static void main(String[] args) throws Exception {
		Map<Object, String> types = new ConcurrentHashMap<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				types.put(resource, type);
			}

		}).enable();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		Runnable task = () -> {
		};
		pool.execute(task);
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
		CompletableFuture<String> future = new CompletableFuture<>();
		future.complete("done");
		Thread thread = new Thread(() -> {
		});
		thread.start();
		thread.join();
		Thread subclass = new Thread() {

			@Override
			public void run() {
			}

		};
		subclass.start();
		subclass.join();
		hook.disable();
		System.out.println("task=" + types.get(task));
		System.out.println("future=" + types.get(future));
		System.out.println("thread=" + types.get(thread));
		System.out.println("subclass=" + types.get(subclass));
		System.out.println("errors=" + AgentInstaller.errors());
	}

}
