package dev.fleetdiff.collect.ssh;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * The bastion's end of a tunnel as sshj's connectVia sees it: the tunnel's own output, and its input read through a
 * {@link HandshakeInput}, so a tunnelled host's handshake is bounded like a direct one. connectVia asks a channel
 * for its two streams only; anything else it might ask in a later sshj version fails loudly instead of silently.
 */
final class TunnelEnd {

    private TunnelEnd() {
    }

    static Channel of(DirectConnection tunnel, InputStream input) {
        return (Channel) Proxy.newProxyInstance(TunnelEnd.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> input;
                    case "getOutputStream" -> tunnel.getOutputStream();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "tunnel to " + tunnel.getRemoteHost() + ":" + tunnel.getRemotePort();
                    default -> throw new UnsupportedOperationException("a tunnel end only gives its streams, not "
                            + method.getName());
                });
    }
}
