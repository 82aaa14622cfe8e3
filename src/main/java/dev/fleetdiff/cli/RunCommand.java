package dev.fleetdiff.cli;

import dev.fleetdiff.app.Daemon;
import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.Reload;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.rules.RulesException;
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
        if (config().settings().cluster()) {
            throw new UsageException("settings.cluster: true asks for cluster mode, which this version does not have"
                    + " yet; every node would poll every host. Set cluster: false and run one node");
        }
        Fleetdiff app = open();
        try (Daemon daemon = new Daemon(app)) {
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
