package dev.asynchooks.autoconfigure.client;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the {@link RestExchangeInterceptor} to the {@code RestTemplate},
 * {@code RestClient.Builder} and {@code RestClient} beans: the one way a
 * {@code RestClient} is instrumented. Spring Boot's {@code RestClient.Builder} is a
 * prototype bean, post-processed each time it is injected, so a client built from it has
 * the interceptor already and is kept as it is; a {@code RestClient} bean that lacks it
 * (built with {@code RestClient.builder()} or {@code RestClient.create()}) is replaced by
 * a copy made with {@link RestClient#mutate()}, the interceptor added: the bean keeps its
 * type. A {@code RestTemplate} built with Spring Boot's {@code RestTemplateBuilder} gets
 * the interceptor from a {@code RestTemplateCustomizer}.
 * <p>
 * The interceptor is looked up the first time a client bean needs it, not when this
 * post-processor is created: created with it, the interceptor would miss the
 * post-processors registered after this one (and Spring would warn about it).
 *
 * @since 0.1.0
 */
public class RestClientsBeanPostProcessor implements BeanPostProcessor {

	private static final boolean REST_CLIENT_PRESENT = ClassUtils.isPresent("org.springframework.web.client.RestClient",
			RestClientsBeanPostProcessor.class.getClassLoader());

	private final Supplier<RestExchangeInterceptor> interceptor;

	/**
	 * Create a post-processor.
	 * @param interceptor supplies the interceptor to add, called once, when the first
	 * client bean is post-processed
	 */
	public RestClientsBeanPostProcessor(Supplier<RestExchangeInterceptor> interceptor) {
		this.interceptor = SingletonSupplier.of(interceptor);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate restTemplate) {
			this.interceptor.get().addTo(restTemplate);
			return bean;
		}
		if (REST_CLIENT_PRESENT) {
			return RestClients.instrument(bean, this.interceptor);
		}
		return bean;
	}

	/**
	 * Kept apart so that {@code RestClient} is loaded only when present.
	 */
	private static final class RestClients {

		static Object instrument(Object bean, Supplier<RestExchangeInterceptor> interceptor) {
			if (bean instanceof RestClient.Builder builder) {
				builder.requestInterceptors(interceptor.get()::addTo);
				return bean;
			}
			if (bean instanceof RestClient client) {
				boolean[] added = new boolean[1];
				RestClient.Builder builder = client.mutate()
					.requestInterceptors((interceptors) -> added[0] = interceptor.get().addTo(interceptors));
				return added[0] ? builder.build() : bean;
			}
			return bean;
		}

	}

}
