package dev.fleetdiff.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGHUP for {@code fleetdiff run}. Java has no public API for signals; this reaches {@code sun.misc.Signal} (module
 * jdk.unsupported, present in every JDK and JRE) by reflection, so the build's -Werror need not accept an internal API
 * at compile time.
 */
final class HangupSignal {
    private HangupSignal() {
    }

    /**
     * Runs {@code action} on every SIGHUP; false when the process was started with SIGHUP ignored (nohup): the JVM
     * then keeps it ignored.
     */
    static boolean handle(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler onSignal = (proxy, method, args) -> handled(proxy, method, args, action);
            Object handler = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            // the JVM leaves a signal ignored at start ignored, and says so by returning SIG_IGN
            return previous != handlerClass.getField("SIG_IGN").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Java runtime has no sun.misc.Signal, so SIGHUP cannot reload", e);
        }
    }

    private static Object handled(Object proxy, Method method, Object[] args, Runnable action) {
        return switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "SIGHUP handler";
        };
    }
}
