package dev.fleetdiff.cli;

import dev.fleetdiff.app.Daemon;
import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.Reload;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.rules.RulesException;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code fleetdiff run}: the scheduler daemon. SIGTERM/SIGINT stop it gracefully; SIGHUP reloads hosts.yaml, the rules
 * and the mail settings together, keeping all of them as they were if any has a mistake.
 */
@Command(name = "run", description = "Poll every host on its schedule and deliver alerts until stopped (SIGHUP reloads).")
final class RunCommand extends FleetCommand {
    @Override
    int run() throws Exception {
        Fleetdiff app = open();
        try (Daemon daemon = new Daemon(app)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.close();
                var counts = daemon.counts();
                out().printf("fleetdiff run: stopped; %d polls fired, %d started, %d skipped as misfires%n",
                        counts.fired(), counts.polled(), counts.misfired());
                out().flush();
            }, "shutdown"));
            if (Signal.handle(new Signal("HUP"), signal -> reload(daemon)) == SignalHandler.SIG_IGN) {
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
