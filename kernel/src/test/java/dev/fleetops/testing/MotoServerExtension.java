package dev.fleetops.testing;

import dev.fleetops.cloud.Cloud;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MotoServerExtension.class)}: every test starts on an empty moto (reset before each test, as
 * moto.md section 10 rule 1 asks) and may take {@link MotoServer} or its {@link Cloud} as parameters. Skipped with
 * "moto not installed: ..." when moto is missing, unless {@code FLEETOPS_REQUIRE_MOTO=1}.
 */
public final class MotoServerExtension implements BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeEach(ExtensionContext context) {
        MotoServer.shared().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == MotoServer.class || type == Cloud.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        MotoServer server = MotoServer.shared();
        return p.getParameter().getType() == Cloud.class ? server.cloud() : server;
    }
}
