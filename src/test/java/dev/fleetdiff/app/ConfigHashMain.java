package dev.fleetdiff.app;

import dev.fleetdiff.config.YamlConfigLoader;
import java.nio.file.Path;

/** Prints the configuration hash of a hosts.yaml, for a test that compares hashes made by two JVMs. */
public final class ConfigHashMain {
    private ConfigHashMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(ConfigHash.of(YamlConfigLoader.load(Path.of(args[0]))));
    }
}
