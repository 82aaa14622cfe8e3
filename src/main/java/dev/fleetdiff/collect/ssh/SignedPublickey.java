package dev.fleetdiff.collect.ssh;

import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.KeyedAuthMethod;

/**
 * Public-key authentication that sends the signed request at once (RFC 4252 §7 allows it) instead of first asking
 * whether the key would do and signing only after the host says yes: one round trip less per poll, and one
 * authorized_keys lookup less on the host. Only one key is ever offered, so the question buys nothing.
 */
final class SignedPublickey extends KeyedAuthMethod {

    SignedPublickey(KeyProvider key) {
        super("publickey", key);
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return putSig(putPubKey(super.buildReq().putBoolean(true)));
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd == Message.USERAUTH_60) {
            // the answer to a question this method never asks; a host that sends it anyway gets nothing more
            throw new UserAuthException("the host sent SSH_MSG_USERAUTH_PK_OK to a signed request");
        }
        super.handle(cmd, buf);
    }
}
