package dev.fleetdiff.testing;

import dev.fleetdiff.text.HostBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Plays one {@link Reply} for one exec request on a virtual thread, so MINA's I/O threads never block. */
final class CannedCommand implements Command {

    private static final int FLOOD_CHUNK_BYTES = 32 * 1024;
    private static final int FLOOD_LINE_BYTES = 64;

    private final Reply reply;
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread worker;

    CannedCommand(Reply reply) {
        this.reply = reply;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        boolean silent = reply.behaviour() == Reply.Behaviour.STUCK || reply.behaviour() == Reply.Behaviour.FREEZE;
        if (silent && channel instanceof FakeHost.StuckableChannel stuckable) {
            stuckable.ignoreClose();
        }
        if (reply.behaviour() == Reply.Behaviour.FREEZE) {
            channel.getSession().getIoSession().suspendRead();
        }
        worker = Thread.ofVirtual().name("fake-host-command").start(() -> play(channel));
    }

    private void play(ChannelSession channel) {
        try {
            Thread.sleep(reply.delay());
            print(out, reply.stdout());
            print(err, reply.stderr());
            switch (reply.behaviour()) {
                case EXIT -> exit.onExit(reply.exitCode());
                case HANG, STUCK, FREEZE -> destroyed.await();
                case FLOOD -> {
                    flood(reply.floodBytes());
                    exit.onExit(reply.exitCode());
                }
                case LINES -> {
                    lines(reply.floodBytes(), reply.tag(), reply.tagEvery());
                    exit.onExit(0);
                }
                case SIGNAL -> {
                    sendExitSignal(channel, reply.signal());
                    channel.close(false);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the channel or the server stopped: the command just ends
        }
    }

    private static void print(OutputStream stream, String text) throws IOException {
        if (!text.isEmpty()) {
            stream.write(HostBytes.encode(text));
            stream.flush();
        }
    }

    private void flood(long bytes) throws IOException {
        byte[] chunk = new byte[FLOOD_CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = FLOOD_LINE_BYTES - 1; i < chunk.length; i += FLOOD_LINE_BYTES) {
            chunk[i] = '\n';
        }
        for (long left = bytes; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
        out.flush();
    }

    private void lines(long bytes, String tag, int tagEvery) throws IOException {
        byte[] chunk = new byte[FLOOD_CHUNK_BYTES];
        int filled = 0;
        long line = 0;
        for (long left = bytes; left > 0; left -= FLOOD_LINE_BYTES, line++) {
            String text = String.format("%010d %s", line, line % tagEvery == 0 ? tag : "same");
            byte[] row = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), FLOOD_LINE_BYTES);
            Arrays.fill(row, Math.min(text.length(), FLOOD_LINE_BYTES - 1), FLOOD_LINE_BYTES - 1, (byte) '.');
            row[FLOOD_LINE_BYTES - 1] = '\n';
            if (filled + row.length > chunk.length) {
                out.write(chunk, 0, filled);
                filled = 0;
            }
            System.arraycopy(row, 0, chunk, filled, row.length);
            filled += row.length;
        }
        out.write(chunk, 0, filled);
        out.flush();
    }

    /** RFC 4254 6.10: exit-signal, sent instead of exit-status when a process dies by a signal. */
    private static void sendExitSignal(ChannelSession channel, String signal) throws IOException {
        Buffer buffer = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
        buffer.putUInt(channel.getRecipient());
        buffer.putString("exit-signal");
        buffer.putBoolean(false);
        buffer.putString(signal);
        buffer.putBoolean(false);
        buffer.putString("");
        buffer.putString("");
        channel.writePacket(buffer);
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed.countDown();
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        // canned commands read nothing
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
