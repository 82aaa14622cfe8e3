package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostFailure.Kind;
import dev.fleetdiff.collect.ssh.FailureClassifier.Stage;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.testing.FakeHost;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import org.junit.jupiter.api.Test;

/** Exceptions from sockets and sshj become failure kinds with messages safe to print. */
class FailureClassifierTest {

    private static final Host HOST = new Host("web1", "web1.example.com", 2222, "audit", Path.of("/keys/id"),
            Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60), 1024, "", Duration.ZERO,
            List.of("a", "b"), List.of());
    private static final IdentityKeys.Identity IDENTITY = identity();

    @Test
    void mapsEachCauseToItsKind() {
        assertThat(kind(new UnknownHostException("web1.example.com"), Stage.CONNECT)).isEqualTo(Kind.UNKNOWN_HOST);
        assertThat(kind(new ConnectException("Connection refused"), Stage.CONNECT)).isEqualTo(Kind.CONNECTION_REFUSED);
        assertThat(kind(new ConnectException("Connection timed out"), Stage.CONNECT)).isEqualTo(Kind.CONNECT_TIMEOUT);
        assertThat(kind(new SocketTimeoutException("Connect timed out"), Stage.CONNECT)).isEqualTo(Kind.CONNECT_TIMEOUT);
        assertThat(kind(new TransportException(new TimeoutException("Timeout expired")), Stage.AUTHENTICATE))
                .isEqualTo(Kind.CONNECT_TIMEOUT);
        assertThat(kind(new UserAuthException("Exhausted available authentication methods"), Stage.AUTHENTICATE))
                .isEqualTo(Kind.AUTH_FAILED);
        assertThat(kind(new TransportException(new SocketTimeoutException("Read timed out")), Stage.COMMANDS))
                .isEqualTo(Kind.CONNECTION_LOST);
        assertThat(kind(new TransportException(new SocketException("Connection reset")), Stage.COMMANDS))
                .isEqualTo(Kind.CONNECTION_LOST);
    }

    @Test
    void messagesSayWhatToDoAndCarryNoRawBytesFromTheHost() {
        HostFailure auth = FailureClassifier.classify(new UserAuthException("x"), Stage.AUTHENTICATE, HOST, IDENTITY);
        HostFailure lost = FailureClassifier.classify(
                new TransportException(DisconnectReason.PROTOCOL_ERROR, "evil\u001b]0;owned\u0007banner\r\n"),
                Stage.COMMANDS, HOST, IDENTITY);

        assertThat(auth.message()).contains("user 'audit'", "/keys/id", IDENTITY.publicKey().fingerprint(), "authorized_keys");
        assertThat(lost.message()).contains("web1.example.com:2222", "evil?]0;owned?banner? ")
                .doesNotContain("\u001b", "\r", "\n");
        assertThat(FailureClassifier.deadline(HOST,
                HOST.pollDeadline(List.of(Command.of("a", "a"), Command.of("b", "b")))).message()).contains("deadline of 140s");
    }

    private static Kind kind(Exception e, Stage stage) {
        return FailureClassifier.classify(e, stage, HOST, IDENTITY).kind();
    }

    private static IdentityKeys.Identity identity() {
        KeyPairWrapper pair = new KeyPairWrapper(FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519));
        return new IdentityKeys.Identity(Path.of("/keys/id"), pair, KeyBlob.of(pair.getPublic()));
    }
}
