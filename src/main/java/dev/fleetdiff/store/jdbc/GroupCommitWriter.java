package dev.fleetdiff.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer: one thread drains queued write requests and commits as many as are waiting, up to a bound, in one
 * transaction (group commit), so thousands of concurrent polls cost a few fsyncs. Each caller blocks until its
 * request is committed and gets its own failure; a failing request is rolled back to its savepoint alone.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** Most weight (polls) committed in one transaction; a single larger request still commits alone. */
    static final int MAX_BATCH_WEIGHT = 500;
    /** How long close() waits for the queue to drain before leaving the writer behind. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Statements one request runs inside the shared transaction. */
    @FunctionalInterface
    interface Work {
        void apply(Transaction transaction) throws SQLException;
    }

    private record Request(Work work, int weight, CompletableFuture<Void> done) {
    }

    private final DataSource pool;
    private final String name;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Request stop = new Request(transaction -> { }, 0, new CompletableFuture<>());
    private final Object gate = new Object();
    private final AtomicLong commits = new AtomicLong();
    private final Thread thread;
    private boolean closed;
    /** The writer thread's connection and statements, kept between batches; null until needed or after a failure. */
    private Transaction open;

    GroupCommitWriter(DataSource pool, String name) {
        this.pool = pool;
        this.name = name;
        this.thread = Thread.ofPlatform().name("fleetdiff-store-writer").daemon(true).start(this::run);
    }

    /** Queues work and blocks until it is committed; rethrows its failure as an IllegalStateException. */
    void submit(int weight, Work work) {
        Request request = new Request(work, Math.max(1, weight), new CompletableFuture<>());
        synchronized (gate) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            queue.add(request);
        }
        try {
            request.done().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(name + ": write failed, nothing of it was stored: " + cause.getMessage(),
                    cause);
        }
    }

    /** Requests waiting for the writer; for tests that need a known batch. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Commits everything queued before, then stops the thread. Later submits fail. */
    @Override
    public void close() {
        synchronized (gate) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        }
        try {
            thread.join(CLOSE_TIMEOUT);
            if (thread.isAlive()) {
                LOG.warn("{}: writer still busy after {}; closing anyway", name, CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            for (Request first = queue.take(); first != stop; first = queue.take()) {
                commit(batchFrom(first));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            discardConnection();
            IllegalStateException stopped = new IllegalStateException(name + ": writer stopped");
            queue.forEach(request -> request.done().completeExceptionally(stopped));
        }
    }

    private List<Request> batchFrom(Request first) {
        List<Request> batch = new ArrayList<>();
        batch.add(first);
        int weight = first.weight();
        for (Request next = queue.peek(); next != null && next != stop && weight + next.weight() <= MAX_BATCH_WEIGHT;
             next = queue.peek()) {
            batch.add(queue.poll());
            weight += next.weight();
        }
        return batch;
    }

    private void commit(List<Request> batch) {
        List<Request> applied = new ArrayList<>(batch.size());
        try {
            if (open == null) {
                open = new Transaction(pool.getConnection());
            }
            transact(open, batch, applied);
        } catch (SQLException | RuntimeException | Error e) {
            discardConnection();   // a broken connection or statement is not reused; the next batch opens anew
            batch.forEach(request -> request.done().completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        commits.incrementAndGet();
        applied.forEach(request -> request.done().complete(null));
    }

    private void discardConnection() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    /** Applies the batch in one transaction and commits it; an exception (after rollback) otherwise. */
    private void transact(Transaction transaction, List<Request> batch, List<Request> applied) throws SQLException {
        Connection connection = transaction.connection();
        connection.setAutoCommit(false);
        try {
            for (Request request : batch) {
                if (apply(transaction, request, batch.size() > 1)) {
                    applied.add(request);
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            endTransactionMode(connection);
        }
    }

    /** Runs one request; alone in the batch it needs no savepoint, since its failure rolls back the whole batch. */
    private static boolean apply(Transaction transaction, Request request, boolean isolate) throws SQLException {
        if (!isolate) {
            request.work().apply(transaction);
            return true;
        }
        Connection connection = transaction.connection();
        Savepoint savepoint = connection.setSavepoint();
        try {
            request.work().apply(transaction);
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            request.done().completeExceptionally(e);
            return false;
        }
    }

    /** Back to autocommit, so that an idle SQLite writer holds no write lock (the driver begins anew on commit). */
    private void endTransactionMode(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("{}: cannot leave transaction mode; the next batch sets it again", name, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
