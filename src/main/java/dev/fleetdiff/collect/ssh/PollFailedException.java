package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostFailure;

/** Carries a host failure with its user message out of a step that found it, such as loading the identity key. */
final class PollFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HostFailure failure;

    PollFailedException(HostFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }

    HostFailure failure() {
        return failure;
    }
}
