package dev.fleetops.sim.parity;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs each {@link ParityTest} on the simulated region in-process, on the same region served over HTTP, and on moto. The backend is opened before each
 * invocation (a moto that is not installed skips the moto invocation, see MotoServer) and closed after it.
 */
final class Backends implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Backends.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Optional<String> simPending = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), SimPending.class)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SimPending.class))
                .map(SimPending::value);
        return Stream.of(Backend.Kind.SIM, Backend.Kind.WIRE, Backend.Kind.MOTO)
                .map(kind -> invocation(kind, kind != Backend.Kind.MOTO ? simPending : Optional.empty()));
    }

    private static TestTemplateInvocationContext invocation(Backend.Kind kind, Optional<String> disabledReason) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return kind.name().toLowerCase();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Opener(kind, disabledReason));
            }
        };
    }

    /** Opens the backend in beforeEach (so a skip is a skip, not a parameter error) and hands it to the test. */
    private record Opener(Backend.Kind kind, Optional<String> disabledReason)
            implements ExecutionCondition, BeforeEachCallback, ParameterResolver {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return disabledReason.map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("backend " + kind));
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            Backend backend = switch (kind) {
                case SIM -> new SimBackend();
                case WIRE -> new WireBackend();
                case MOTO -> new MotoBackend();
            };
            context.getStore(NS).put(Opened.class, new Opened(backend));
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == Backend.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e.getStore(NS).get(Opened.class, Opened.class).backend();
        }
    }

    /** Closed by JUnit when the invocation's store closes, after the test. */
    private record Opened(Backend backend) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            backend.close();
        }
    }
}
