package dev.fleetdiff.cli;

import dev.fleetdiff.app.Daemon;
import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.Reload;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.HttpSettings;
import dev.fleetdiff.rules.RulesException;
import dev.fleetdiff.web.FleetMetrics;
import dev.fleetdiff.web.WebServer;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code fleetdiff run}: the scheduler daemon. SIGTERM/SIGINT stop it gracefully; SIGHUP reloads hosts.yaml, the rules
 * and the mail settings together, keeping all of them as they were if any has a mistake.
 */
@Command(name = "run", description = "Poll every host on its schedule and deliver alerts until stopped (SIGHUP reloads).")
final class RunCommand extends FleetCommand {
    /** "try": the shutdown hook closes the daemon that the block closes too, whichever comes first. */
    @Override
    @SuppressWarnings("try")
    int run() throws Exception {
        Fleetdiff app = open();
        try (Daemon daemon = new Daemon(app); WebServer web = serve(app, daemon)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.close();
                var counts = daemon.counts();
                out().printf("fleetdiff run: stopped; %d polls fired, %d started, %d skipped as misfires%n",
                        counts.fired(), counts.polled(), counts.misfired());
                out().flush();
            }, "shutdown"));
            if (!HangupSignal.handle(() -> reload(daemon))) {
                err().println("fleetdiff run: SIGHUP was ignored when this process started (nohup?), so it cannot"
                        + " reload hosts.yaml; restart it to apply changes, or start it without nohup");
            }
            daemon.start();
            out().printf("fleetdiff run: %d hosts scheduled; SIGHUP reloads %s, SIGTERM stops%n",
                    daemon.scheduledHosts(), options().configFile());
            out().flush();
            daemon.awaitStop();
            return ExitCodes.OK;
        }
    }

    /**
     * The web view and /metrics when settings.http is set, with the daemon's polls and schedule in its metrics; else
     * null (nothing to close).
     */
    private WebServer serve(Fleetdiff app, Daemon daemon) {
        Optional<HttpSettings> http = app.config().settings().http();
        if (http.isEmpty()) {
            return null;
        }
        FleetMetrics metrics = new FleetMetrics(app, () -> Optional.of(daemon.counts()));
        app.listen(metrics);
        WebServer web = WebServer.start(app, http.get(), System.getenv(), metrics);
        out().println("fleetdiff run: web view and /metrics on " + web.url());
        return web;
    }

    private void reload(Daemon daemon) {
        try {
            Reload reload = daemon.reload(config());
            out().println("fleetdiff run: reloaded " + options().configFile() + ": " + reload.hosts()
                    + " hosts, rules and mail settings" + (reload.needRestart().isEmpty() ? ""
                    : "; changed but kept until a restart: " + String.join(", ", reload.needRestart())));
        } catch (ConfigException | RulesException e) {
            err().println("fleetdiff run: reload refused, keeping hosts, rules and mail settings as they were: "
                    + e.getMessage());
        } catch (Exception e) {
            err().println("fleetdiff run: reload failed, keeping hosts, rules and mail settings as they were: "
                    + e.getMessage());
        }
        out().flush();
        err().flush();
    }
}
