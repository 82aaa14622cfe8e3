package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.inventory.Command;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a few commands of one poll at the same time: the first on the calling thread, each other on a virtual thread
 * of its own, so that their channels' round trips overlap instead of adding up.
 */
final class ChannelBatch {

    /** One command's run on its channel: a result, empty if the host refused the channel, or the connection failed. */
    interface Run<T> {
        T on(Command command) throws IOException;
    }

    private ChannelBatch() {
    }

    /** Every command's outcome in order; the first IOException (or runtime failure) of any of them is thrown. */
    static <T> List<T> run(List<Command> commands, Run<T> run) throws IOException {
        List<FutureTask<T>> tasks = new ArrayList<>(commands.size());
        for (Command command : commands) {
            tasks.add(new FutureTask<>(() -> run.on(command)));
        }
        for (int i = 1; i < tasks.size(); i++) {
            Thread.ofVirtual().name("fleetdiff-channel").start(tasks.get(i));
        }
        tasks.getFirst().run();
        List<T> outcomes = new ArrayList<>(tasks.size());
        IOException failed = null;
        RuntimeException broken = null;
        for (FutureTask<T> task : tasks) {
            try {
                outcomes.add(task.get());
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> failed = failed == null ? io : failed;
                    case RuntimeException runtime -> broken = broken == null ? runtime : broken;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the poll's commands ran");
            }
        }
        if (broken != null) {
            throw broken;
        }
        if (failed != null) {
            throw failed;
        }
        return outcomes;
    }
}
