package dev.asynchooks.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;

/**
 * The agent's one registered transformer: answers the classes the agent changes from the
 * {@link ClassFileCache} when it holds them, and otherwise asks ByteBuddy (made on the
 * first such class) and keeps its answer there.
 */
final class CachingTransformer implements ClassFileTransformer {

	private static final boolean debug = Boolean.getBoolean("asynchooks.agent.debug");

	private final JarFile jar;

	private final @Nullable ClassFileCache cache;

	private final ThreadLocal<Boolean> transforming = new ThreadLocal<>();

	private volatile @Nullable ClassFileTransformer byteBuddy;

	CachingTransformer(JarFile jar, @Nullable ClassFileCache cache) {
		this.jar = jar;
		this.cache = cache;
	}

	@Override
	public byte @Nullable [] transform(Module module, @Nullable ClassLoader loader, @Nullable String className,
			@Nullable Class<?> classBeingRedefined, @Nullable ProtectionDomain domain, byte[] classFile) {
		if (className == null || !AgentInstaller.isInstrumented(loader, className, classBeingRedefined)) {
			return null;
		}
		if (this.transforming.get() != null) {
			// a class the agent changes, loaded while it changes another on this thread:
			// ByteBuddy would not change it either
			AgentInstaller.error(className.replace('/', '.'),
					new IllegalStateException("loaded while the agent was transforming another class"));
			return null;
		}
		this.transforming.set(Boolean.TRUE);
		try {
			return transform(module, loader, className, classBeingRedefined, domain, classFile, this.cache);
		}
		catch (Throwable ex) {
			AgentInstaller.error(className.replace('/', '.'), ex);
			return null;
		}
		finally {
			this.transforming.remove();
		}
	}

	private byte @Nullable [] transform(Module module, @Nullable ClassLoader loader, String className,
			@Nullable Class<?> classBeingRedefined, @Nullable ProtectionDomain domain, byte[] classFile,
			@Nullable ClassFileCache cache) throws Exception {
		// a class being loaded may change its format (CompletableFuture gains a field), a
		// retransformed one may not: two different entries
		String key = (cache != null) ? cache.key(className, classBeingRedefined == null, classFile) : null;
		if (cache != null && key != null) {
			byte[] cached = cache.read(key);
			if (cached != null) {
				if (debug) {
					System.err.println("[async-hooks] " + className.replace('/', '.') + " from the cache");
				}
				return cached;
			}
		}
		byte[] transformed = byteBuddy().transform(module, loader, className, classBeingRedefined, domain, classFile);
		if (transformed != null && cache != null && key != null) {
			cache.write(key, transformed);
		}
		return transformed;
	}

	/**
	 * ByteBuddy's transformer, made on the first call.
	 * @return the transformer
	 */
	ClassFileTransformer byteBuddy() {
		ClassFileTransformer transformer = this.byteBuddy;
		if (transformer == null) {
			synchronized (this) {
				transformer = this.byteBuddy;
				if (transformer == null) {
					transformer = ByteBuddyTransformer.make(this.jar);
					this.byteBuddy = transformer;
				}
			}
		}
		return transformer;
	}

}
