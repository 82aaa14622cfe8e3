package dev.fleetdiff.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * Counts a server's SSH sessions as they come and go: how many were ever made, and the most that were at once
 * not yet authenticated (sshd's MaxStartups counts those) and already authenticated.
 */
final class SessionCounter implements SessionListener {

    private final AtomicInteger created = new AtomicInteger();
    private final Set<Session> unauthenticated = ConcurrentHashMap.newKeySet();
    private final Set<Session> authenticated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxUnauthenticated = new AtomicInteger();
    private final AtomicInteger maxAuthenticated = new AtomicInteger();

    @Override
    public void sessionCreated(Session session) {
        created.incrementAndGet();
        unauthenticated.add(session);
        maxUnauthenticated.accumulateAndGet(unauthenticated.size(), Math::max);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated && unauthenticated.remove(session)) {
            authenticated.add(session);
            maxAuthenticated.accumulateAndGet(authenticated.size(), Math::max);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        unauthenticated.remove(session);
        authenticated.remove(session);
    }

    int created() {
        return created.get();
    }

    int maxUnauthenticated() {
        return maxUnauthenticated.get();
    }

    int maxAuthenticated() {
        return maxAuthenticated.get();
    }
}
