package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.CommandResult.Status;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.text.ShownText;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Runs commands over one authenticated connection, each on its own session channel; several may run at once.
 * stdout is read by the calling thread and stderr by a pooled thread at the same time, so neither can fill the
 * channel window and stall the other. A command past its timeout, or past max_output, gets its channel closed.
 */
final class RemoteCommand {

    /** stderr bytes kept per command; the rest is read and dropped, and the cut is noted. */
    static final long STDERR_LIMIT = 8 * 1024;
    /** How long to wait for the host to end a channel after command_timeout closed it or its stderr. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final SSHClient client;
    private final Host host;
    private final Watchdog watchdog;
    private final ExecutorService io;

    RemoteCommand(SSHClient client, Host host, Watchdog watchdog, ExecutorService io) {
        this.client = client;
        this.host = host;
        this.watchdog = watchdog;
        this.io = io;
    }

    /** A session channel the host opened, or its reason for refusing one. */
    private record Opening(Session session, String refusal) {
    }

    /** Runs one command; an IOException means the connection itself is gone. */
    CommandResult run(Command command) throws IOException {
        long started = System.nanoTime();
        Opening opening = open();
        return opening.session() != null ? runOnChannel(command, started, opening.session())
                : error(command, started, "the host refused a session channel: " + opening.refusal());
    }

    /**
     * Runs one command, or nothing if the host refused its channel: a host whose MaxSessions is below the channels a
     * poll opens at once refuses the extra ones, and the caller runs those once the others are done.
     */
    Optional<CommandResult> runIfChannel(Command command) throws IOException {
        long started = System.nanoTime();
        Opening opening = open();
        return opening.session() == null ? Optional.empty()
                : Optional.of(runOnChannel(command, started, opening.session()));
    }

    private Opening open() throws IOException {
        try {
            return new Opening(client.startSession(), "");
        } catch (OpenFailException e) {
            return new Opening(null, ShownText.message(e.getMessage()));
        } catch (IllegalStateException e) {
            throw new IOException("the connection closed before the command could start", e);
        }
    }

    private CommandResult runOnChannel(Command command, long started, Session session) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicReference<Session.Command> running = new AtomicReference<>();
        ScheduledFuture<?> timer = watchdog.after(command.timeoutOn(host), () -> {
            timedOut.set(true);
            closeInBackground(session);
            // OpenSSH does not confirm a channel close while the command's process lives, so the readers are
            // released here rather than by the host: the poll goes on with its next command at once.
            Session.Command startedCommand = running.get();
            if (startedCommand != null) {
                closeQuietly(startedCommand.getInputStream());
                closeQuietly(startedCommand.getErrorStream());
            }
        });
        try {
            return exec(command, session, started, timedOut, running);
        } finally {
            timer.cancel(false);
            if (session.isOpen()) {
                closeInBackground(session);
            }
        }
    }

    private CommandResult exec(Command command, Session session, long started, AtomicBoolean timedOut,
                               AtomicReference<Session.Command> startedCommand) throws IOException {
        Session.Command running;
        try {
            running = session.exec(command.run());
            startedCommand.set(running);
            if (timedOut.get()) {
                closeQuietly(running.getInputStream());
                closeQuietly(running.getErrorStream());
            }
        } catch (ConnectionException e) {
            if (!client.isConnected()) {
                throw e;
            }
            return error(command, started, "the host refused to run the command: " + ShownText.message(e.getMessage()));
        }
        Future<OutputCapture> stderr = io.submit(() -> OutputCapture.read(running.getErrorStream(), STDERR_LIMIT, () -> { }));
        OutputCapture stdout = OutputCapture.read(running.getInputStream(), command.maxOutputOn(host),
                () -> closeInBackground(running));
        OutputCapture errors = awaitStderr(stderr);
        if (timedOut.get()) {
            return result(command, started, running, stdout, errors, true);
        }
        try {
            long left = command.timeoutOn(host).minusNanos(System.nanoTime() - started).plus(CLOSE_GRACE).toMillis();
            running.join(Math.max(1, left), TimeUnit.MILLISECONDS);
        } catch (ConnectionException e) {
            if (!client.isConnected()) {
                throw e;
            }
        }
        return result(command, started, running, stdout, errors, timedOut.get());
    }

    private CommandResult result(Command command, long started, Session.Command running, OutputCapture stdout,
                                 OutputCapture stderr, boolean timedOut) {
        Optional<Integer> exitStatus = Optional.ofNullable(running.getExitStatus());
        Status status;
        Optional<String> error;
        if (stdout.overLimit()) {
            // What was kept is compared, as OSSEC does: padding past the limit must not turn the check into a failure
            // that is never compared. The channel was closed at the limit, so the exit status says nothing.
            status = Status.OK;
            error = Optional.of("output exceeded max_output (" + UnitText.bytes(command.maxOutputOn(host))
                    + "); only the first " + stdout.kept() + " bytes are kept and compared; raise commands."
                    + command.name() + ".max_output or narrow the command's output");
        } else if (exitStatus.isPresent()) {
            boolean succeeded = command.succeeded(exitStatus.get(), stdout.total(), stderr == null ? 0 : stderr.total());
            status = succeeded ? Status.OK : Status.FAILED;
            error = succeeded ? Optional.empty() : Optional.of("exit status " + exitStatus.get()
                    + stderrHint(stderr));
        } else if (timedOut) {
            status = Status.TIMEOUT;
            error = Optional.of("ran past command_timeout (" + UnitText.duration(command.timeoutOn(host))
                    + "); the channel was closed");
        } else if (running.getExitSignal() != null) {
            status = Status.FAILED;
            error = Optional.of("killed by signal " + running.getExitSignal()
                    + (Boolean.TRUE.equals(running.getExitWasCoreDumped()) ? " (core dumped)" : "")
                    + message(running.getExitErrorMessage()));
        } else {
            status = Status.FAILED;
            error = Optional.of("the command ended without an exit status");
        }
        return new CommandResult(command.name(), status, exitStatus, stdout.text(), stderrText(stderr),
                stdout.overLimit(), stdout.total(), error, took(started));
    }

    private OutputCapture awaitStderr(Future<OutputCapture> stderr) throws IOException {
        try {
            return stderr.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            stderr.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading stderr", e);
        }
    }

    private static String stderrText(OutputCapture stderr) {
        if (stderr == null) {
            return "";
        }
        return stderr.overLimit()
                ? stderr.text() + "\n[stderr cut after " + stderr.kept() + " of " + stderr.total() + " bytes]"
                : stderr.text();
    }

    /** The first line of stderr, printable and bounded, so that a failure says why ("sudo: a password is required"). */
    private static String stderrHint(OutputCapture stderr) {
        if (stderr == null) {
            return "";
        }
        String first = stderr.text().strip().lines().findFirst().orElse("");
        return first.isEmpty() ? "" : ": " + ShownText.message(first);
    }

    private static String message(String fromHost) {
        return fromHost == null || fromHost.isBlank() ? "" : ": " + ShownText.message(fromHost);
    }

    private static void closeQuietly(java.io.InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // only releases a local reader
        }
    }

    /** Closing waits for the host's reply, so it never runs on the reading thread or the watchdog. */
    private void closeInBackground(Channel channel) {
        io.execute(() -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the host did not confirm the close; the poll's deadline still bounds the poll
            }
        });
    }

    private static CommandResult error(Command command, long started, String message) {
        return new CommandResult(command.name(), Status.ERROR, Optional.empty(), "", "", false, 0,
                Optional.of(message), took(started));
    }

    private static Duration took(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
