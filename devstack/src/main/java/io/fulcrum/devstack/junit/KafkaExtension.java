package io.fulcrum.devstack.junit;

import io.fulcrum.devstack.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link EmbeddedKafka} broker of a test run: started on first request, shared by every test
 * class that uses this extension, shut down (and its data deleted) when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class OperationalEventSourceITCase {
 *     @BeforeAll
 *     static void topics(EmbeddedKafka kafka) {
 *         kafka.createTopic("operational-events", 3);
 *     }
 *
 *     @Test
 *     void readsEvents(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * <p>The broker is shared, so each test uses topics of its own (a UUID in the name, for example).
 */
public final class KafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public EmbeddedKafka resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root context's store lives for the whole run and closes AutoCloseable values when it ends;
        // computing the broker there also makes concurrent first requests start a single one.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(EmbeddedKafka.class, type -> EmbeddedKafka.start(), EmbeddedKafka.class);
    }
}
