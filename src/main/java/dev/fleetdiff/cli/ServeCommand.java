package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.config.HttpSettings;
import dev.fleetdiff.web.FleetMetrics;
import dev.fleetdiff.web.WebServer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff serve}: the web view, its JSON API and /metrics over the store, without polling; as many may run
 * as like (on one PostgreSQL database, one per node). SIGTERM/SIGINT stop it.
 */
@Command(name = "serve", description = "Serve the web view, /api and /metrics over the store (settings.http), without"
        + " polling, until stopped.")
final class ServeCommand extends FleetCommand {
    /** The port served when hosts.yaml has no settings.http. */
    static final int DEFAULT_PORT = 8080;

    @Option(names = "--port", description = "Listen on this port instead of the one in settings.http.listen"
            + " (0: any free port).")
    Optional<Integer> port = Optional.empty();

    @Override
    int run() throws Exception {
        HttpSettings configured = config().settings().http().orElse(new HttpSettings(HttpSettings.DEFAULT_HOST,
                DEFAULT_PORT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false));
        HttpSettings http = port.map(p -> configured.onPort(p)).orElse(configured);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Fleetdiff app = open();
             WebServer server = WebServer.start(app, http, System.getenv(), new FleetMetrics(app, Optional::empty))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
            out().println("fleetdiff serve: " + server.url() + " (SIGTERM stops)");
            out().flush();
            stopped.await();
            return ExitCodes.OK;
        }
    }
}
