package dev.fleetdiff.collect.ssh;

import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.mac.MAC;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.DHGexSHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;

/**
 * The sshj settings every connection of a collector shares; built once because building them is expensive.
 * Algorithms follow OpenSSH's client defaults: curve25519 key exchange and ed25519 host keys first, RSA only with
 * SHA-2 signatures, no SHA-1 key exchange, no DSA, no CBC ciphers, no host certificates.
 */
final class FleetSshConfig extends DefaultConfig {

    @Override
    protected void initKeyExchangeFactories() {
        setKeyExchangeFactories(List.<Factory.Named<KeyExchange>>of(
                new Curve25519SHA256.Factory(),
                new Curve25519SHA256.FactoryLibSsh(),
                new ECDHNistP.Factory256(),
                new ECDHNistP.Factory384(),
                new ECDHNistP.Factory521(),
                new DHGexSHA256.Factory(),
                DHGroups.Group16SHA512(),
                DHGroups.Group18SHA512(),
                DHGroups.Group14SHA256(),
                new ExtInfoClientFactory()));
    }

    @Override
    protected void initKeyAlgorithms() {
        setKeyAlgorithms(List.of(
                KeyAlgorithms.EdDSA25519(),
                KeyAlgorithms.ECDSASHANistp256(),
                KeyAlgorithms.ECDSASHANistp384(),
                KeyAlgorithms.ECDSASHANistp521(),
                KeyAlgorithms.RSASHA512(),
                KeyAlgorithms.RSASHA256()));
    }

    @Override
    protected void initCipherFactories() {
        setCipherFactories(List.<Factory.Named<Cipher>>of(
                ChachaPolyCiphers.CHACHA_POLY_OPENSSH(),
                BlockCiphers.AES128CTR(),
                BlockCiphers.AES192CTR(),
                BlockCiphers.AES256CTR(),
                GcmCiphers.AES128GCM(),
                GcmCiphers.AES256GCM()));
    }

    @Override
    protected void initMACFactories() {
        setMACFactories(List.<Factory.Named<MAC>>of(
                Macs.HMACSHA2256Etm(),
                Macs.HMACSHA2512Etm(),
                Macs.HMACSHA1Etm(),
                Macs.HMACSHA2256(),
                Macs.HMACSHA2512(),
                Macs.HMACSHA1()));
    }
}
